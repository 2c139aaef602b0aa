// `cachet staff`: staff members and their API keys. A key is printed once; only its hash is kept.
import { CachetError, isBoundToBoutique, isRole, ROLES } from '../../core/index.js';
import { createStaff, disableStaff, newStaffDetail } from '../../services/staff.js';
import {
  JSON_OPTION,
  jsonOnly,
  parse,
  required,
  rows,
  type Command,
  type OptionSpecs,
} from '../args.js';
import { auditCli, withContext } from '../context.js';
import type { CommandGroup } from '../sub-commands.js';

const ADD_OPTIONS = {
  role: { type: 'string', value: 'ROLE', help: `one of: ${ROLES.join(', ')}` },
  name: { type: 'string', value: 'NAME', help: 'who the key is for, as the audit log names them' },
  boutique: { type: 'string', value: 'CODE', help: 'the boutique of an associate or a manager' },
  json: JSON_OPTION,
} satisfies OptionSpecs;

const add: Command = {
  name: 'add',
  summary: 'add a staff member and print their API key, once',
  options: ADD_OPTIONS,
  forms: [{ required: ['role', 'name'], optional: ['boutique', 'json'] }],
  about: `Roles: associate and manager (for one boutique: --boutique), legal, admin.
  associate  mint cards for their boutique
  manager    mint and revoke for their boutique, manage its associates
  legal      read every card with its client reference, revoke, export evidence
  admin      boutiques, staff and keys`,
  notes: `The API key is printed once: give it to the person, then it cannot be shown again.
Sign in to the console at /console with it, or send it as Authorization: Bearer <key>.`,
  async run(argv) {
    const { values } = parse(argv, ADD_OPTIONS);
    return withContext({}, async ({ store, actor }) => {
      const role = required(values, 'role');
      if (!isRole(role)) {
        throw new CachetError('ERR_INVALID_ARGUMENT', `--role must be one of: ${ROLES.join(', ')}`);
      }
      if (isBoundToBoutique(role) && !values.boutique) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          `--boutique CODE is required for a ${role}: the boutique they work at`,
        );
      }
      const request = { name: required(values, 'name'), role, boutique: values.boutique };
      const record = { target: '' };
      const { member, apiKey } = await auditCli(
        store,
        'staff.add',
        record,
        async () => {
          const added = await createStaff(
            { store, admin: store.admin() },
            actor,
            request,
            new Date(),
          );
          record.target = added.member.id;
          return added;
        },
        (added) => newStaffDetail(added.member),
      );
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
    });
  },
};

const list = jsonOnly({
  name: 'list',
  summary: 'every staff member, active or disabled',
  run: (json) =>
    withContext({ needRegistry: true }, async ({ store }) => {
      const members = await store.admin().listStaff();
      if (json) console.log(JSON.stringify(members));
      else if (members.length === 0)
        console.log('No staff yet: cachet staff add --role legal --name NAME');
      else
        for (const m of members) {
          const state = m.disabledAt ? `disabled ${m.disabledAt}` : 'active';
          console.log(`${m.id}  ${m.role.padEnd(9)}  ${m.name}  (${state})`);
        }
      return 0;
    }),
});

const disable: Command = {
  name: 'disable',
  summary: 'disable a staff member: their API key no longer signs in',
  options: {},
  forms: [{ words: '<staff id>' }],
  async run(argv) {
    const id = parse(argv, {}).positionals[0]!;
    return withContext({ needRegistry: true }, async ({ store, actor }) => {
      await auditCli(store, 'staff.disable', { target: id }, () =>
        disableStaff(store.admin(), actor, id, new Date()),
      );
      console.log(`Disabled ${id}: its API key no longer signs in`);
      return 0;
    });
  },
};

export const staff: CommandGroup = {
  name: 'staff',
  summary: 'add, list or disable staff API keys',
  subCommands: [add, list, disable],
};
