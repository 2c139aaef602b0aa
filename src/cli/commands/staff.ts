// `cachet staff`: staff members and their API keys. A key is printed once; only its hash is kept.
import { CachetError, isBoundToBoutique, isRole, ROLES } from '../../core/index.js';
import { createStaff } from '../../services/staff.js';
import { parse, required, rows, type Command } from '../args.js';
import { auditCli, openContext } from '../context.js';

export const staff: Command = {
  name: 'staff',
  summary: 'add, list or disable staff API keys',
  usage: `cachet staff add --role ROLE --name NAME [--boutique CODE] [--json]
cachet staff list [--json]
cachet staff disable <staff id>

Roles: associate and manager (for one boutique: --boutique), legal, admin.
  associate  mint cards for their boutique
  manager    mint and revoke for their boutique, manage its associates
  legal      read every card with its client reference, revoke, export evidence
  admin      boutiques, staff and keys
The API key is printed once: give it to the person, then it cannot be shown again.
Sign in to the console at /console with it, or send it as Authorization: Bearer <key>.`,
  async run(argv) {
    const { values, positionals } = parse(argv, {
      role: { type: 'string' },
      name: { type: 'string' },
      boutique: { type: 'string' },
      json: { type: 'boolean' },
    });
    const [action, id] = positionals;
    const { store } = await openContext({ needRegistry: action !== 'add' });
    const admin = store.admin();
    try {
      if (action === 'add') {
        const role = required(values, 'role');
        if (!isRole(role)) {
          throw new CachetError(
            'ERR_INVALID_ARGUMENT',
            `--role must be one of: ${ROLES.join(', ')}`,
          );
        }
        if (isBoundToBoutique(role) && !values.boutique) {
          throw new CachetError(
            'ERR_INVALID_ARGUMENT',
            `--boutique CODE is required for a ${role}: the boutique they work at`,
          );
        }
        const { member, apiKey } = await createStaff(
          { store, admin },
          { name: required(values, 'name'), role, boutique: values.boutique },
          new Date(),
        );
        await auditCli(store, 'staff.add', member.id, role);
        if (values.json) {
          console.log(JSON.stringify({ staff: member, apiKey }));
        } else {
          console.log(`Added ${member.name} (${role}) as ${member.id}`);
          console.log(
            rows([
              ['API key', apiKey],
              ['', 'shown this once: store it now'],
            ]),
          );
        }
        return 0;
      }
      if (action === 'list') {
        const members = await admin.listStaff();
        if (values.json) console.log(JSON.stringify(members));
        else if (members.length === 0)
          console.log('No staff yet: cachet staff add --role legal --name NAME');
        else
          for (const m of members) {
            const state = m.disabledAt ? `disabled ${m.disabledAt}` : 'active';
            console.log(`${m.id}  ${m.role.padEnd(9)}  ${m.name}  (${state})`);
          }
        return 0;
      }
      if (action === 'disable' && id) {
        await admin.disableStaff(id, new Date());
        await auditCli(store, 'staff.disable', id);
        console.log(`Disabled ${id}: its API key no longer signs in`);
        return 0;
      }
      throw new CachetError('ERR_INVALID_ARGUMENT', 'say add, list, or disable <staff id>');
    } finally {
      store.close();
    }
  },
};
