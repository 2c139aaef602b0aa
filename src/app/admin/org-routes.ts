// The admin API for the organisation: who is signed in, boutiques, associates, staff and their
// API keys, the signing keys, and the audit log.
import { instantToDay, grants, PERMISSIONS, ROLES } from '../../core/index.js';
import {
  addAssociate as addAssociateTo,
  addBoutique as addBoutiqueTo,
  BOUTIQUE_CODE_PATTERN,
  listAssociates as listAssociatesOf,
  MAX_ASSOCIATE,
  MAX_BOUTIQUE,
  MAX_DISPLAY_NAME,
  MAX_PLACE_NAME,
} from '../../services/boutiques.js';
import type { AdminDeps } from '../deps.js';
import {
  createStaff,
  disableOidcIdentity,
  disableStaff as disableStaffMember,
  enableOidcIdentity,
  listStaffAndIdentities,
  MAX_OIDC_ISSUER,
  MAX_OIDC_SUBJECT,
  MAX_STAFF_NAME,
  identityDetail,
  nameOidcIdentity,
  newStaffDetail,
  oidcStaffId,
} from '../../services/staff.js';
import { route } from './define.js';
import { BOUTIQUE_CODE_FIELD } from './fields.js';

/** The most audit entries one answer lists. */
const MAX_AUDIT_ENTRIES = 1000;
/** The longest audit target a query names: a staff id, oidc:<subject>, a serial, report:<id>. */
const MAX_AUDIT_TARGET = 5 + MAX_OIDC_SUBJECT;

/** The body naming an identity-provider sign-in. */
const IDENTITY_BODY = {
  type: 'object',
  properties: {
    issuer: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_OIDC_ISSUER,
      description:
        "the token's iss; the identity provider set up here (CACHET_OIDC_ISSUER) unless given",
    },
    subject: {
      type: 'string',
      minLength: 1,
      maxLength: MAX_OIDC_SUBJECT,
      description: "the token's sub",
    },
  },
  required: ['subject'],
} as const;

export function orgRoutes(deps: AdminDeps) {
  const admin = deps.admin;
  const store = deps.store;

  const me = route({
    method: 'get',
    path: '/me',
    summary: 'Who is signed in, their boutique, and what their role may do.',
    permission: null,
    action: 'staff.me',
    response: { status: 200, description: '{ id, name, role, boutique, via, permissions }' },
    async handle({ who }) {
      const boutique = who.boutique === null ? null : await store.findBoutique(who.boutique);
      return {
        ...who,
        boutique: boutique && { number: boutique.number, code: boutique.code, name: boutique.name },
        permissions: PERMISSIONS.filter((p) => grants(who.role, p)),
      };
    },
  });

  const listBoutiques = route({
    method: 'get',
    path: '/boutiques',
    summary: 'Every boutique.',
    permission: 'boutique.read',
    action: 'boutique.list',
    response: { status: 200, description: '{ boutiques: [...] }' },
    handle: async () => ({ boutiques: await store.listBoutiques() }),
  });

  const addBoutique = route({
    method: 'post',
    path: '/boutiques',
    summary: 'Add a boutique.',
    permission: 'boutique.manage',
    action: 'boutique.add',
    body: {
      type: 'object',
      properties: {
        number: { type: 'integer', minimum: 0, maximum: MAX_BOUTIQUE },
        code: { type: 'string', pattern: BOUTIQUE_CODE_PATTERN },
        name: { type: 'string', minLength: 1, maxLength: MAX_PLACE_NAME },
        city: { type: 'string', minLength: 1, maxLength: MAX_PLACE_NAME },
        country: { type: 'string', pattern: '^[A-Za-z]{2}$', description: 'ISO 3166-1 alpha-2' },
      },
      required: ['number', 'code', 'name', 'city', 'country'],
    },
    response: { status: 201, description: 'the boutique' },
    async handle(call) {
      call.target = call.body.code;
      return addBoutiqueTo(store, call.who, call.body);
    },
  });

  const listAssociates = route({
    method: 'get',
    path: '/associates',
    summary: "Associates, of one boutique or all (a manager sees only their own boutique's).",
    permission: 'associate.manage',
    action: 'associate.list',
    query: { type: 'object', properties: { boutique: BOUTIQUE_CODE_FIELD } },
    response: { status: 200, description: '{ associates: [...] }' },
    handle: async ({ who, query }) => ({
      associates: await listAssociatesOf(store, who, query.boutique),
    }),
  });

  const addAssociate = route({
    method: 'post',
    path: '/associates',
    summary: 'Add an associate (a manager: to their own boutique).',
    permission: 'associate.manage',
    action: 'associate.add',
    body: {
      type: 'object',
      properties: {
        number: { type: 'integer', minimum: 0, maximum: MAX_ASSOCIATE },
        boutique: BOUTIQUE_CODE_FIELD,
        displayName: {
          type: 'string',
          minLength: 1,
          maxLength: MAX_DISPLAY_NAME,
          description: 'shown on verdict pages',
        },
      },
      required: ['number', 'boutique', 'displayName'],
    },
    response: { status: 201, description: 'the associate' },
    async handle(call) {
      call.target = `associate:${call.body.number}`;
      return (await addAssociateTo(store, call.who, call.body)).associate;
    },
  });

  const listStaff = route({
    method: 'get',
    path: '/staff',
    summary:
      'Every staff member with an API key or an audit trail (keys are never shown again), and the identity-provider sign-ins that were disabled.',
    permission: 'staff.manage',
    action: 'staff.list',
    response: {
      status: 200,
      description:
        '{ staff: [...], disabledIdentities: [{ issuer, subject, disabledAt, disabledBy }] }',
    },
    handle: () => listStaffAndIdentities(admin),
  });

  const addStaff = route({
    method: 'post',
    path: '/staff',
    summary:
      'Add a staff member with an API key. The key is in this answer only; the registry keeps its hash.',
    permission: 'staff.manage',
    action: 'staff.add',
    body: {
      type: 'object',
      properties: {
        name: { type: 'string', minLength: 1, maxLength: MAX_STAFF_NAME },
        role: { type: 'string', enum: ROLES },
        boutique: { ...BOUTIQUE_CODE_FIELD, description: 'required for associate and manager' },
      },
      required: ['name', 'role'],
    },
    response: { status: 201, description: '{ staff, apiKey }' },
    async handle(call) {
      const { member, apiKey } = await createStaff(
        { store, admin },
        call.who,
        call.body,
        deps.now(),
      );
      call.target = member.id;
      call.detail = newStaffDetail(member);
      return { staff: member, apiKey };
    },
  });

  /** The identity a disable or an enable names, which its audit entry names too. */
  const identityOf = (call: {
    body: { subject: string; issuer?: string | undefined };
    target: string;
    detail: string;
  }) => {
    const identity = nameOidcIdentity(call.body, deps.oidc?.issuer);
    call.target = oidcStaffId(identity.subject);
    call.detail = identityDetail(identity);
    return identity;
  };

  // Declared before /staff/:id/disable, which would otherwise take "oidc" for a staff id.
  const disableIdentity = route({
    method: 'post',
    path: '/staff/oidc/disable',
    summary:
      'Disable an identity-provider sign-in (its issuer and subject) at once: its tokens, unexpired ones too, are refused from the next request on.',
    permission: 'staff.manage',
    action: 'staff.disable',
    body: IDENTITY_BODY,
    response: { status: 200, description: '{ issuer, subject, disabledAt, disabledBy }' },
    handle(call) {
      const identity = identityOf(call);
      return disableOidcIdentity(admin, call.who, identity, deps.now());
    },
  });

  const enableIdentity = route({
    method: 'post',
    path: '/staff/oidc/enable',
    summary: 'Let a disabled identity-provider sign-in in again.',
    permission: 'staff.manage',
    action: 'staff.enable',
    body: IDENTITY_BODY,
    response: { status: 200, description: '{ issuer, subject }' },
    handle(call) {
      const identity = identityOf(call);
      return enableOidcIdentity(admin, call.who, identity);
    },
  });

  const disableStaff = route({
    method: 'post',
    path: '/staff/:id/disable',
    summary: "Disable a staff member's API key at once.",
    permission: 'staff.manage',
    action: 'staff.disable',
    response: { status: 200, description: '{ id, disabledAt }' },
    handle: (call) => disableStaffMember(admin, call.who, call.target, deps.now()),
  });

  const keys = route({
    method: 'get',
    path: '/keys',
    summary:
      'The published keys (card signing and receipts) with their status and dates, and which ones this server signs with.',
    permission: 'key.read',
    action: 'key.list',
    response: { status: 200, description: '{ keys, signing, receipts }' },
    handle: async () => ({
      keys: deps.keyring.toJwks().keys,
      signing: deps.signers.find(instantToDay(deps.now()))?.key.kid ?? null,
      receipts: deps.receiptSigner?.key.kid ?? null,
    }),
  });

  const audit = route({
    method: 'get',
    path: '/audit',
    summary: 'The audit log, newest first: every staff action, who, what, when and how it ended.',
    permission: 'audit.read',
    action: 'audit.read',
    query: {
      type: 'object',
      properties: {
        target: {
          type: 'string',
          maxLength: MAX_AUDIT_TARGET,
          description: 'a serial (hex), a staff id, a boutique code, report:<id>',
        },
        limit: { type: 'integer', minimum: 1, maximum: MAX_AUDIT_ENTRIES },
      },
    },
    response: { status: 200, description: '{ entries: [...] }' },
    handle: async ({ query }) => ({
      entries: await admin.listAudit({ target: query.target, limit: query.limit ?? 100 }),
    }),
  });

  return [
    me,
    listBoutiques,
    addBoutique,
    listAssociates,
    addAssociate,
    listStaff,
    addStaff,
    disableIdentity,
    enableIdentity,
    disableStaff,
    keys,
    audit,
  ];
}
