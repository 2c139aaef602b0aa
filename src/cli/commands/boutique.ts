// `cachet boutique add|list` and `cachet associate add|list`: the brand's registry of people and places.
import { CachetError } from '../../core/index.js';
import { integer, parse, required, type Command } from '../args.js';
import { addBoutique } from '../../services/boutiques.js';
import { openContext } from '../context.js';

export const boutique: Command = {
  name: 'boutique',
  summary: 'add or list boutiques',
  usage: `cachet boutique add --number N --code CODE --name NAME --city CITY --country CC
cachet boutique list [--json]

  --number   the number cards carry, 0 to 65535
  --code     a short code staff type when minting, like PAR-SH
  --country  ISO 3166-1 alpha-2, like FR`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      number: { type: 'string' },
      code: { type: 'string' },
      name: { type: 'string' },
      city: { type: 'string' },
      country: { type: 'string' },
      json: { type: 'boolean' },
    });
    const { store } = await openContext();
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
      const added = await addBoutique(store, {
        number: integer(required(values, 'number'), 'number', 0, 0xffff),
        code: required(values, 'code'),
        name: required(values, 'name'),
        city: required(values, 'city'),
        country: required(values, 'country'),
      });
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
  usage: `cachet associate add --number N --boutique CODE --name "DISPLAY NAME"
cachet associate list [--json]

  --number  the number cards carry, 0 to 16777215, unique across the brand
  --name    the name the verification page shows`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      number: { type: 'string' },
      boutique: { type: 'string' },
      name: { type: 'string' },
      json: { type: 'boolean' },
    });
    const { store } = await openContext();
    try {
      if (positionals[0] === 'list') {
        const list = await store.listAssociates();
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
      const code = required(values, 'boutique');
      const where = await store.findBoutiqueByCode(code);
      if (!where)
        throw new CachetError(
          'ERR_NOT_FOUND',
          `no boutique has the code "${code}" (see: cachet boutique list)`,
        );
      const added = {
        number: integer(required(values, 'number'), 'number', 0, 0xffffff),
        boutique: where.number,
        displayName: required(values, 'name'),
      };
      await store.addAssociate(added);
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
