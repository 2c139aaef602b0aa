// `cachet staff`: staff members and their API keys. A key is printed once; only its hash is kept.
import { CachetError, isBoundToBoutique, isRole, ROLES, showControls } from '../../core/index.js';
import {
  createStaff,
  disableOidcIdentity,
  disableStaff,
  enableOidcIdentity,
  identityDetail,
  listStaffAndIdentities,
  nameOidcIdentity,
  newStaffDetail,
  oidcStaffId,
} from '../../services/staff.js';
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
        console.log(`Added ${showControls(member.name)} (${role}) as ${member.id}`);
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
  summary: 'every staff member, active or disabled, and the disabled identity-provider sign-ins',
  run: (json) =>
    withContext({ needRegistry: true }, async ({ store }) => {
      const { staff: members, disabledIdentities } = await listStaffAndIdentities(store.admin());
      if (json) {
        console.log(JSON.stringify({ staff: members, disabledIdentities }));
        return 0;
      }
      if (members.length === 0)
        console.log('No staff yet: cachet staff add --role legal --name NAME');
      for (const m of members) {
        const state = m.disabledAt ? `disabled ${m.disabledAt}` : 'active';
        console.log(`${m.id}  ${m.role.padEnd(9)}  ${showControls(m.name)}  (${state})`);
      }
      if (disabledIdentities.length > 0) {
        console.log('\nDisabled identity-provider sign-ins:');
        for (const d of disabledIdentities) {
          console.log(
            `${showControls(oidcStaffId(d.subject))}  ${showControls(d.issuer)}  (disabled ${d.disabledAt} by ${showControls(d.disabledBy)})`,
          );
        }
      }
      return 0;
    }),
});

const IDENTITY_OPTIONS = {
  'oidc-subject': {
    type: 'string',
    value: 'SUB',
    help: 'an identity-provider sign-in: the "sub" of its tokens (staff list shows it as oidc:SUB)',
  },
  'oidc-issuer': {
    type: 'string',
    value: 'URL',
    help: 'the identity provider ("iss"); CACHET_OIDC_ISSUER unless given',
  },
} satisfies OptionSpecs;

/** The identity --oidc-subject and --oidc-issuer name, the issuer set up here by default. */
function identityOf(
  values: { 'oidc-subject'?: string; 'oidc-issuer'?: string },
  config: { oidc: { issuer: string } | null },
) {
  if (values['oidc-issuer'] !== undefined && values['oidc-subject'] === undefined) {
    throw new CachetError('ERR_INVALID_ARGUMENT', '--oidc-issuer goes with --oidc-subject SUB');
  }
  if (values['oidc-subject'] === undefined) return null;
  if (values['oidc-issuer'] === undefined && !config.oidc) {
    throw new CachetError(
      'ERR_INVALID_ARGUMENT',
      '--oidc-issuer URL is needed: no CACHET_OIDC_ISSUER is set to take it from',
    );
  }
  return nameOidcIdentity(
    { subject: values['oidc-subject'], issuer: values['oidc-issuer'] },
    config.oidc?.issuer,
  );
}

const disable: Command = {
  name: 'disable',
  summary: 'disable a staff member or an identity-provider sign-in: it no longer signs in',
  options: IDENTITY_OPTIONS,
  forms: [{ words: '<staff id>' }, { required: ['oidc-subject'], optional: ['oidc-issuer'] }],
  notes: `Either takes effect at the next request: an API key, or a token of the identity provider
that has not expired yet, is refused from then on. cachet staff enable --oidc-subject SUB lets
an identity in again.`,
  async run(argv) {
    const { values, positionals } = parse(argv, IDENTITY_OPTIONS);
    return withContext({ needRegistry: true }, async ({ store, actor, config }) => {
      const identity = identityOf(values, config);
      if (identity) {
        if (positionals.length > 0) {
          throw new CachetError(
            'ERR_INVALID_ARGUMENT',
            'name a staff id or --oidc-subject SUB, not both',
          );
        }
        const target = oidcStaffId(identity.subject);
        await auditCli(
          store,
          'staff.disable',
          { target },
          () => disableOidcIdentity(store.admin(), actor, identity, new Date()),
          () => identityDetail(identity),
        );
        console.log(
          `Disabled ${showControls(target)} of ${showControls(identity.issuer)}: its tokens no longer sign in`,
        );
        if (!config.oidc) {
          // Nothing here says which provider the server trusts: say how the two must match.
          console.log(
            `The server's CACHET_OIDC_ISSUER must be ${showControls(identity.issuer)} exactly (a trailing slash or another case is another provider).`,
          );
        }
        return 0;
      }
      const id = positionals[0]!;
      await auditCli(store, 'staff.disable', { target: id }, () =>
        disableStaff(store.admin(), actor, id, new Date()),
      );
      console.log(`Disabled ${id}: its API key no longer signs in`);
      return 0;
    });
  },
};

const enable: Command = {
  name: 'enable',
  summary: 'let a disabled identity-provider sign-in in again',
  options: IDENTITY_OPTIONS,
  forms: [{ required: ['oidc-subject'], optional: ['oidc-issuer'] }],
  notes: 'A disabled API key stays disabled: add the person again with cachet staff add.',
  async run(argv) {
    const { values } = parse(argv, IDENTITY_OPTIONS);
    return withContext({ needRegistry: true }, async ({ store, actor, config }) => {
      const identity = identityOf(values, config);
      if (!identity) throw new CachetError('ERR_INVALID_ARGUMENT', 'missing --oidc-subject SUB');
      const target = oidcStaffId(identity.subject);
      await auditCli(
        store,
        'staff.enable',
        { target },
        () => enableOidcIdentity(store.admin(), actor, identity),
        () => identityDetail(identity),
      );
      console.log(
        `Enabled ${showControls(target)} of ${showControls(identity.issuer)}: it signs in again`,
      );
      return 0;
    });
  },
};

export const staff: CommandGroup = {
  name: 'staff',
  summary: 'add, list, disable or enable staff API keys and identity-provider sign-ins',
  subCommands: [add, list, disable, enable],
};
