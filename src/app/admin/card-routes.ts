// The admin API for cards: search, detail with scan history and signals, mint, revoke, evidence,
// and legal's list of flagged cards.
import {
  allows,
  CachetError,
  claimCodeHash,
  dateToDay,
  dayToDate,
  formatSerial,
  fromHex,
  formatClaimCode,
  MAX_REVOCATION_NOTE,
  OCCASIONS,
  parseClaimCode,
  parseSerial,
  REVOCATION_REASONS,
  serialPrefixToHex,
  serialToHex,
  type Principal,
} from '../../core/index.js';
import {
  claimUrlOf,
  describeStored,
  MAX_CLIENT_REF,
  MAX_DAYS_AHEAD,
  mintCardAs,
} from '../../services/mint.js';
import { INSERT_DEFAULTS, INSERT_LIMITS, MIN_MODULE_MM } from '../../print/insert.js';
import { PRINT_FORMATS, printFile, printSlipFile, SLIP_FORMATS } from '../../print/print-files.js';
import { boutiqueByCode, MAX_ASSOCIATE } from '../../services/boutiques.js';
import { revokeCard } from '../../services/revoke.js';
import type { AdminDeps } from '../deps.js';
import { json, NO_STORE, page } from '../respond.js';
import { ensure, route } from './define.js';
import { BOUTIQUE_CODE_FIELD, PAGING, SERIAL_FIELD } from './fields.js';
import type { Infer } from './schema.js';
import { evidencePage } from './evidence.js';
import { gatherEvidence } from '../../services/evidence.js';
import { signalsOf } from '../../services/signals.js';
import {
  cardToReprint,
  staffCardFor,
  staffVerdict,
  viewStaffCard,
} from '../../services/staff-card.js';

const serialParam = (text: string) => serialToHex(parseSerial(text));
const date = { type: 'string', format: 'date' } as const;
const BOUTIQUE = {
  ...BOUTIQUE_CODE_FIELD,
  minLength: 1,
  description: 'boutique code, like PAR-SH',
} as const;
/** The longest Idempotency-Key header a mint takes. */
const MAX_IDEMPOTENCY_KEY = 200;
const IDEMPOTENCY_KEY = new RegExp(`^[\\x21-\\x7e]{1,${MAX_IDEMPOTENCY_KEY}}$`);
/** The most flagged cards one answer lists. */
const MAX_FLAGGED = 500;

/** A print size in mm, within the print layout's own limits. */
const printSize = (name: keyof typeof INSERT_LIMITS, description: string) =>
  ({
    type: 'number',
    minimum: INSERT_LIMITS[name].min,
    maximum: INSERT_LIMITS[name].max,
    description,
  }) as const;
const PRINT_SIZES = {
  qrWidth: printSize(
    'qrWidth',
    `mm, the QR code with its quiet zone (default ${INSERT_DEFAULTS.qrWidth}; modules stay ≥ ${MIN_MODULE_MM} mm)`,
  ),
  margin: printSize('margin', `mm inside the trim (default ${INSERT_DEFAULTS.margin})`),
  bleed: printSize('bleed', `mm beyond the trim (default ${INSERT_DEFAULTS.bleed})`),
};

/** A print file again: its format and sizes. */
const PRINT_QUERY = {
  type: 'object',
  properties: { format: { type: 'string', enum: PRINT_FORMATS }, ...PRINT_SIZES },
} as const;
type PrintQuery = Infer<typeof PRINT_QUERY>;

export function cardRoutes(deps: AdminDeps, originOf: (c: { req: { url: string } }) => string) {
  const admin = deps.admin;

  /** The card, once `who` is allowed `permission` on its boutique; 404 when there is none. */
  async function cardFor(
    who: Principal,
    serialText: string,
    permission: 'card.read' | 'card.revoke' | 'card.evidence',
  ) {
    return staffCardFor(admin, who, serialParam(serialText), permission, serialText);
  }

  /** The boutique of `code`, once `who` may read its cards (minting checks in its service). */
  async function readableBoutique(who: Principal, code: string) {
    const boutique = await boutiqueByCode(deps.store, code);
    ensure(who, 'card.read', boutique.number);
    return boutique;
  }

  const search = route({
    method: 'get',
    path: '/cards',
    summary:
      'Search cards by boutique, issue dates, status and serial (a manager sees only their boutique).',
    permission: 'card.read',
    action: 'card.search',
    query: {
      type: 'object',
      properties: {
        boutique: BOUTIQUE,
        from: { ...date, description: 'first issue date' },
        to: { ...date, description: 'last issue date' },
        status: { type: 'string', enum: ['authentic', 'revoked'] },
        serial: {
          ...SERIAL_FIELD,
          description: 'a serial or its first characters (printed or hex)',
        },
        ...PAGING,
      },
    },
    response: { status: 200, description: '{ total, cards: [...] }' },
    async handle({ c, who, query }) {
      let boutique =
        query.boutique === undefined
          ? undefined
          : (await readableBoutique(who, query.boutique)).number;
      if (boutique === undefined && who.boutique !== null) boutique = who.boutique;
      const serialPrefix = query.serial === undefined ? undefined : serialPrefixToHex(query.serial);
      const { cards, total } = await admin.searchCards({
        boutique,
        fromDay: query.from === undefined ? undefined : dateToDay(query.from),
        toDay: query.to === undefined ? undefined : dateToDay(query.to),
        status: query.status,
        serialPrefix,
        limit: query.limit ?? 50,
        offset: query.offset ?? 0,
      });
      const now = deps.now();
      const views = cards.map(async (card) =>
        viewStaffCard(card, await staffVerdict(card, deps.keyring, now), who, originOf(c)),
      );
      return { total, cards: await Promise.all(views) };
    },
  });

  const detail = route({
    method: 'get',
    path: '/cards/:serial',
    summary: 'A card with its scan history (per day, countries, channels) and its signals.',
    permission: 'card.read',
    action: 'card.read',
    response: { status: 200, description: '{ card, scans, signals }' },
    async handle(call) {
      const card = await cardFor(call.who, call.c.req.param('serial')!, 'card.read');
      call.target = card.serial;
      const scans = await admin.scanHistory(card.serial);
      return {
        card: viewStaffCard(
          card,
          await staffVerdict(card, deps.keyring, deps.now()),
          call.who,
          originOf(call.c),
        ),
        scans,
        signals: { flags: signalsOf(scans, deps.widelyScanned), thresholds: deps.widelyScanned },
      };
    },
  });

  /** A card's print file as a download. */
  async function download(
    card: {
      url: string;
      serialText: string;
      serial: string;
      claimCode?: string;
      claimUrl?: string;
    },
    query: PrintQuery,
    status: number,
  ) {
    const { format = 'pdf', qrWidth, margin, bleed } = query;
    const file = await printFile(card, format, { qrWidth, margin, bleed }, deps.print);
    return new Response(file.body, {
      status,
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
        'x-content-type-options': 'nosniff',
        'x-cachet-serial': card.serialText,
        'x-cachet-url': card.url,
        // A card minted with a slip: its code, this once (the slip itself: POST .../slip).
        ...(card.claimCode && {
          'x-cachet-claim-code': card.claimCode,
          'x-cachet-claim-url': card.claimUrl!,
        }),
      },
    });
  }

  const mint = route({
    method: 'post',
    path: '/cards',
    summary:
      'Mint a card (associates and managers: for their own boutique). With ?format=pdf, png, svg or qr.svg the answer is that file, the card in its X-Cachet-Serial and X-Cachet-URL headers. An Idempotency-Key header makes a retry return the same card.',
    permission: 'card.mint',
    action: 'card.mint',
    query: {
      type: 'object',
      properties: {
        format: { type: 'string', enum: ['json', ...PRINT_FORMATS] },
        ...PRINT_SIZES,
      },
    },
    alsoProduces: ['application/pdf', 'image/png', 'image/svg+xml'],
    body: {
      type: 'object',
      properties: {
        boutique: BOUTIQUE,
        associate: { type: 'integer', minimum: 0, maximum: MAX_ASSOCIATE },
        date: { ...date, description: 'issue date; today (UTC) when absent' },
        occasion: { type: 'string', enum: OCCASIONS },
        clientRef: {
          type: 'string',
          maxLength: MAX_CLIENT_REF,
          description: 'the CRM reference: legal only, never in the token',
        },
        allowFutureDate: {
          type: 'boolean',
          description: `mint a date more than ${MAX_DAYS_AHEAD} days ahead (refused otherwise: ERR_DATE_FAR_AHEAD)`,
        },
        claimSlip: {
          type: 'boolean',
          description:
            'mint the card with a claim slip for the envelope: the answer carries claimCode (groups of four) and claimUrl (<origin>/claim?code=...) this once, as X-Cachet-Claim-Code and X-Cachet-Claim-URL with a file; the registry keeps only a salted hash (ERR_NOT_AVAILABLE where it keeps no claims)',
        },
      },
      required: ['boutique', 'associate'],
    },
    response: {
      status: 201,
      description:
        '{ serial, serialText, token, url, issued, replayed }, and with claimSlip { claimCode, claimUrl } (a replay: claimNote instead, the code is never shown twice)',
    },
    async handle(call) {
      const { who, body, c } = call;
      const idempotencyKey = c.req.header('idempotency-key');
      if (idempotencyKey !== undefined && !IDEMPOTENCY_KEY.test(idempotencyKey)) {
        throw new CachetError(
          'ERR_INVALID_ARGUMENT',
          `the Idempotency-Key header is 1 to ${MAX_IDEMPOTENCY_KEY} printable ASCII characters`,
        );
      }
      const minted = await mintCardAs(
        who,
        body,
        {
          store: deps.store,
          signers: deps.signers,
          origin: originOf(c),
          now: deps.now(),
          claims: deps.claims,
        },
        // Keys are per staff member: two people's retries never meet.
        { key: idempotencyKey && `api:${who.id}:${idempotencyKey}` },
      );
      call.target = minted.serial;
      const status = minted.replayed ? 200 : 201;
      const { format = 'json' } = call.query;
      if (format !== 'json') return download(minted, { ...call.query, format }, status);
      const { claims: _claims, replayed, ...shown } = minted;
      const note = replayed &&
        body.claimSlip && {
          claimNote:
            'minted by an earlier request with this Idempotency-Key: a claim code is shown only in the answer that minted the card',
        };
      return json({ ...shown, replayed, ...note }, status, NO_STORE);
    },
  });

  const slip = route({
    method: 'post',
    path: '/cards/:serial/slip',
    summary:
      "A card's claim slip as a file (PDF by default, 600-dpi PNG or SVG), for the claim code its minting answer (or legal's void) gave: the code must be the one the card waits for (ERR_CLAIM_UNKNOWN otherwise). In a POST body, so the code stays out of URLs and logs. Staff who may mint for the card's boutique, and legal.",
    permission: null,
    action: 'card.print-slip',
    query: { type: 'object', properties: { format: { type: 'string', enum: SLIP_FORMATS } } },
    body: {
      type: 'object',
      properties: {
        claimCode: {
          type: 'string',
          description: 'the code, as the mint answer gave it (ERR_CLAIM_CODE for a typo)',
        },
      },
      required: ['claimCode'],
    },
    response: { status: 200, description: 'the slip file' },
    alsoProduces: ['application/pdf', 'image/png', 'image/svg+xml'],
    async handle(call) {
      if (!deps.claims) {
        throw new CachetError('ERR_NOT_AVAILABLE', 'this registry keeps no claims');
      }
      const shown = call.c.req.param('serial')!;
      // Legal prints the slip of the fresh code a void gave it; others as they print inserts.
      const permission = allows(call.who, 'claim.void') ? 'claim.void' : 'card.mint';
      const card = await cardToReprint(admin, call.who, serialParam(shown), shown, permission);
      call.target = card.serial;
      const code = parseClaimCode(call.body.claimCode);
      const kept = await deps.claims.findCode(
        await claimCodeHash(code, await deps.claims.claimSalt()),
      );
      if (!kept || kept.serial !== card.serial || kept.spentAt !== null) {
        throw new CachetError('ERR_CLAIM_UNKNOWN', `card ${shown} waits for no such claim code`);
      }
      const described = describeStored(card, originOf(call.c));
      const boutique = await deps.store.findBoutique(described.claims.boutique);
      const file = await printSlipFile(
        {
          claimCode: formatClaimCode(code),
          claimUrl: claimUrlOf(originOf(call.c), code),
          serialText: described.serialText,
          boutique: boutique?.name ?? '',
        },
        call.query.format ?? 'pdf',
        {},
        deps.print,
      );
      return new Response(file.body, {
        headers: {
          'content-type': file.contentType,
          'content-disposition': `attachment; filename="${file.filename}"`,
          'cache-control': 'no-store',
          'x-content-type-options': 'nosniff',
        },
      });
    },
  });

  const print = route({
    method: 'get',
    path: '/cards/:serial/print',
    summary:
      "A card's print file again: the insert as PDF (default), 600-dpi PNG or SVG, or the QR code alone (qr.svg). Not for revoked cards.",
    permission: 'card.mint',
    action: 'card.print',
    query: PRINT_QUERY,
    response: { status: 200, description: 'the file' },
    alsoProduces: ['application/pdf', 'image/png', 'image/svg+xml'],
    async handle(call) {
      const shown = call.c.req.param('serial')!;
      const card = await cardToReprint(admin, call.who, serialParam(shown), shown);
      call.target = card.serial;
      return download(
        { ...describeStored(card, originOf(call.c)), serial: card.serial },
        call.query,
        200,
      );
    },
  });

  const revoke = route({
    method: 'post',
    path: '/cards/:serial/revoke',
    summary: 'Revoke a card: a public reason from the fixed list, and a note only staff read.',
    permission: 'card.revoke',
    action: 'card.revoke',
    body: {
      type: 'object',
      properties: {
        reason: { type: 'string', enum: REVOCATION_REASONS },
        note: {
          type: 'string',
          maxLength: MAX_REVOCATION_NOTE,
          description: 'for staff only; never public',
        },
      },
      required: ['reason'],
    },
    response: { status: 200, description: '{ serial, revocation }' },
    async handle(call) {
      const card = await cardFor(call.who, call.c.req.param('serial')!, 'card.revoke');
      call.target = card.serial;
      return revokeCard(
        { store: deps.store, admin },
        call.who,
        { serial: card.serial, ...call.body },
        deps.now(),
      );
    },
  });

  const evidence = route({
    method: 'get',
    path: '/cards/:serial/evidence',
    summary:
      'Evidence for one card: claims, a fresh verdict, revocation, scans per day, signals, audit trail and a signed receipt. JSON, or a printable report with format=html.',
    permission: 'card.evidence',
    action: 'card.evidence',
    query: { type: 'object', properties: { format: { type: 'string', enum: ['json', 'html'] } } },
    response: { status: 200, description: 'the evidence (application/json)' },
    alsoProduces: ['text/html'],
    async handle(call) {
      const card = await cardFor(call.who, call.c.req.param('serial')!, 'card.evidence');
      call.target = card.serial;
      const e = await gatherEvidence(
        { ...deps, admin, receiptSigner: deps.receiptSigner ?? null },
        card.serial,
        call.who,
        originOf(call.c),
      );
      if (call.query.format !== 'html') return e;
      const serialText = e.card.serialText;
      return page(evidencePage(e), 200, {
        'cache-control': 'no-store',
        'content-disposition': `inline; filename="cachet-evidence-${serialText}.html"`,
      });
    },
  });

  const flagged = route({
    method: 'get',
    path: '/flagged',
    summary:
      'Cards past the thresholds (distinct scanners a day, countries) or checked before their issue date or after revocation.',
    permission: 'flagged.read',
    action: 'flagged.read',
    query: {
      type: 'object',
      properties: { limit: { type: 'integer', minimum: 1, maximum: MAX_FLAGGED } },
    },
    response: { status: 200, description: '{ thresholds, cards: [...] }' },
    async handle({ query }) {
      const cards = await admin.flaggedCards(deps.widelyScanned, query.limit ?? 100);
      // Dates and serials as people read them, as everywhere else staff look.
      const shown = cards.map((card) => ({
        ...card,
        serialText: formatSerial(fromHex(card.serial)),
        issued: card.issued === null ? null : dayToDate(card.issued),
      }));
      return { thresholds: deps.widelyScanned, cards: shown };
    },
  });

  return [search, detail, mint, print, slip, revoke, evidence, flagged];
}
