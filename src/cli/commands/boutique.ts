// `cachet boutique add|list` and `cachet associate add|list`: the brand's registry of people and places.
import { showControls } from '../../core/index.js';
import { integer, JSON_OPTION, jsonOnly, parse, required, type OptionSpecs } from '../args.js';
import {
  addAssociate,
  addBoutique,
  listAssociates,
  MAX_ASSOCIATE,
  MAX_BOUTIQUE,
} from '../../services/boutiques.js';
import { auditCli, withContext } from '../context.js';
import type { CommandGroup } from '../sub-commands.js';

const BOUTIQUE_OPTIONS = {
  number: { type: 'string', value: 'N', help: `the number cards carry, 0 to ${MAX_BOUTIQUE}` },
  code: {
    type: 'string',
    value: 'CODE',
    help: 'a short code staff type when minting, like PAR-SH',
  },
  name: { type: 'string', value: 'NAME', help: "the boutique's name, as verdict pages show it" },
  city: { type: 'string', value: 'CITY', help: 'the city it is in' },
  country: { type: 'string', value: 'CC', help: 'ISO 3166-1 alpha-2, like FR' },
  json: JSON_OPTION,
} satisfies OptionSpecs;

export const boutique: CommandGroup = {
  name: 'boutique',
  summary: 'add or list boutiques',
  subCommands: [
    {
      name: 'add',
      summary: 'add a boutique: its number on cards, its code, name and place',
      options: BOUTIQUE_OPTIONS,
      forms: [{ required: ['number', 'code', 'name', 'city', 'country'], optional: ['json'] }],
      async run(argv) {
        const { values } = parse(argv, BOUTIQUE_OPTIONS);
        return withContext({}, async ({ store, actor }) => {
          const input = {
            number: integer(required(values, 'number'), 'number', 0, MAX_BOUTIQUE),
            code: required(values, 'code'),
            name: required(values, 'name'),
            city: required(values, 'city'),
            country: required(values, 'country'),
          };
          const added = await auditCli(store, 'boutique.add', { target: input.code }, () =>
            addBoutique(store, actor, input),
          );
          console.log(
            values.json
              ? JSON.stringify(added)
              : `Added boutique ${added.number} ${added.code}: ${showControls(`${added.name}, ${added.city}`)}`,
          );
          return 0;
        });
      },
    },
    jsonOnly({
      name: 'list',
      summary: 'every boutique, by number',
      run: (json) =>
        withContext({}, async ({ store }) => {
          const list = await store.listBoutiques();
          if (json) console.log(JSON.stringify(list));
          else
            for (const b of list)
              console.log(
                `${String(b.number).padStart(5)}  ${b.code.padEnd(8)}  ${showControls(`${b.name}, ${b.city}`)} (${b.country})`,
              );
          return 0;
        }),
    }),
  ],
};

const ASSOCIATE_OPTIONS = {
  number: {
    type: 'string',
    value: 'N',
    help: `the number cards carry, 0 to ${MAX_ASSOCIATE}, unique across the brand`,
  },
  boutique: { type: 'string', value: 'CODE', help: 'the code of the boutique they work at' },
  name: { type: 'string', value: '"DISPLAY NAME"', help: 'the name the verification page shows' },
  json: JSON_OPTION,
} satisfies OptionSpecs;

const ASSOCIATE_LIST_OPTIONS = {
  boutique: { type: 'string', value: 'CODE', help: 'only the associates of this boutique' },
  json: JSON_OPTION,
} satisfies OptionSpecs;

export const associate: CommandGroup = {
  name: 'associate',
  summary: 'add or list sales associates',
  subCommands: [
    {
      name: 'add',
      summary: 'add a sales associate: the number cards carry, the boutique, the name shown',
      options: ASSOCIATE_OPTIONS,
      forms: [{ required: ['number', 'boutique', 'name'], optional: ['json'] }],
      async run(argv) {
        const { values } = parse(argv, ASSOCIATE_OPTIONS);
        return withContext({}, async ({ store, actor }) => {
          const input = {
            number: integer(required(values, 'number'), 'number', 0, MAX_ASSOCIATE),
            boutique: required(values, 'boutique'),
            displayName: required(values, 'name'),
          };
          const { associate: added, boutique: where } = await auditCli(
            store,
            'associate.add',
            { target: `associate:${input.number}` },
            () => addAssociate(store, actor, input),
          );
          console.log(
            values.json
              ? JSON.stringify(added)
              : `Added associate ${added.number} at ${where.code}: ${showControls(added.displayName)}`,
          );
          return 0;
        });
      },
    },
    {
      name: 'list',
      summary: 'the sales associates, of every boutique or of one',
      options: ASSOCIATE_LIST_OPTIONS,
      forms: [{ optional: ['boutique', 'json'] }],
      async run(argv) {
        const { values } = parse(argv, ASSOCIATE_LIST_OPTIONS);
        return withContext({}, async ({ store, actor }) => {
          const list = await listAssociates(store, actor, values.boutique);
          if (values.json) console.log(JSON.stringify(list));
          else
            for (const a of list)
              console.log(
                `${String(a.number).padStart(8)}  boutique ${a.boutique}  ${showControls(a.displayName)}`,
              );
          return 0;
        });
      },
    },
  ],
};
