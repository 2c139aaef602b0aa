// `cachet boutique add|list` and `cachet associate add|list`: the brand's registry of people and places.
import { CachetError } from '../../core/index.js';
import { integer, parse, required, type Command, type OptionSpecs } from '../args.js';
import {
  addAssociate,
  addBoutique,
  listAssociates,
  MAX_ASSOCIATE,
  MAX_BOUTIQUE,
} from '../../services/boutiques.js';
import { auditCli, openContext } from '../context.js';

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
  json: { type: 'boolean', help: 'print JSON' },
} satisfies OptionSpecs;

const ASSOCIATE_OPTIONS = {
  number: {
    type: 'string',
    value: 'N',
    help: `the number cards carry, 0 to ${MAX_ASSOCIATE}, unique across the brand`,
  },
  boutique: {
    type: 'string',
    value: 'CODE',
    help: 'the code of the boutique they work at (list: only its associates)',
  },
  name: { type: 'string', value: '"DISPLAY NAME"', help: 'the name the verification page shows' },
  json: { type: 'boolean', help: 'print JSON' },
} satisfies OptionSpecs;

export const boutique: Command = {
  name: 'boutique',
  summary: 'add or list boutiques',
  options: BOUTIQUE_OPTIONS,
  forms: [
    { words: 'add', required: ['number', 'code', 'name', 'city', 'country'], optional: ['json'] },
    { words: 'list', optional: ['json'] },
  ],
  async run(argv) {
    const { values, positionals } = parse(argv, BOUTIQUE_OPTIONS);
    const { store, actor } = await openContext();
    try {
      if (positionals[0] === 'list') {
        const list = await store.listBoutiques();
        if (values.json) console.log(JSON.stringify(list));
        else
          for (const b of list)
            console.log(
              `${String(b.number).padStart(5)}  ${b.code.padEnd(8)}  ${b.name}, ${b.city} (${b.country})`,
            );
        return 0;
      }
      if (positionals[0] !== 'add')
        throw new CachetError('ERR_INVALID_ARGUMENT', 'say `boutique add` or `boutique list`');
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
          : `Added boutique ${added.number} ${added.code}: ${added.name}, ${added.city}`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};

export const associate: Command = {
  name: 'associate',
  summary: 'add or list sales associates',
  options: ASSOCIATE_OPTIONS,
  forms: [
    { words: 'add', required: ['number', 'boutique', 'name'], optional: ['json'] },
    { words: 'list', optional: ['boutique', 'json'] },
  ],
  async run(argv) {
    const { values, positionals } = parse(argv, ASSOCIATE_OPTIONS);
    const { store, actor } = await openContext();
    try {
      if (positionals[0] === 'list') {
        const list = await listAssociates(store, actor, values.boutique);
        if (values.json) console.log(JSON.stringify(list));
        else
          for (const a of list)
            console.log(
              `${String(a.number).padStart(8)}  boutique ${a.boutique}  ${a.displayName}`,
            );
        return 0;
      }
      if (positionals[0] !== 'add')
        throw new CachetError('ERR_INVALID_ARGUMENT', 'say `associate add` or `associate list`');
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
          : `Added associate ${added.number} at ${where.code}: ${added.displayName}`,
      );
      return 0;
    } finally {
      store.close();
    }
  },
};
