// The admin API for a card's claims: legal (and the managers of the card's boutique) read its
// claim history; legal voids a claim obtained by fraud, with a reason, logged publicly as a void.
// The rules are the claim service's; each call is audited like every admin call.
import { parseSerial, serialToHex, type ClaimStore } from '../../core/index.js';
import {
  claimHistoryOf,
  reissueClaimCode,
  voidClaim,
  MAX_VOID_REASON,
} from '../../services/claims.js';
import { claimUrlOf } from '../../services/mint.js';
import { originFor, type AdminDeps } from '../deps.js';
import { route } from './define.js';

/** The claim routes, or none when the runtime keeps no claims. */
export function claimRoutes(deps: AdminDeps & { claims: ClaimStore | null }) {
  const { claims } = deps;
  if (!claims) return [];
  const ports = { claims, store: deps.store, admin: deps.admin, now: deps.now };
  const serialOf = (text: string) => serialToHex(parseSerial(text));
  const origin = originFor(deps);

  const history = route({
    method: 'get',
    path: '/cards/:serial/claims',
    summary:
      "Every claim the card had, newest first: its number, how it was made (the slip or a transfer code), when it was made, changed and ended, its status (standing, released, voided), the public name and photo it shows, a void's reason and author, and its claim entry's index in the public log. Legal and the managers of the card's boutique.",
    permission: null,
    action: 'card.claims.read',
    response: {
      status: 200,
      description:
        '{ serial, claims: [{ id, number, via, claimedAt, changedAt, endedAt, status, handle, showPhoto, voidReason, voidedBy, logIndex }] }',
    },
    async handle(call) {
      const serial = serialOf(call.c.req.param('serial')!);
      call.target = serial;
      return { serial, claims: await claimHistoryOf(ports, call.who, serial) };
    },
  });

  const voided = route({
    method: 'post',
    path: '/cards/:serial/claims/void',
    summary:
      "Void the card's standing claim (obtained by fraud): legal only, with a reason kept for staff. A void entry goes into the public log; the holder secret and every earlier code stop working, and the card waits for a fresh claim code, answered this once, for legal to hand to the rightful recipient.",
    permission: null,
    action: 'claim.void',
    body: {
      type: 'object',
      properties: {
        reason: {
          type: 'string',
          minLength: 1,
          maxLength: MAX_VOID_REASON,
          description: 'why the claim is voided; for staff only, never public',
        },
      },
      required: ['reason'],
    },
    response: {
      status: 200,
      description:
        '{ claim: { id, number, status: voided, … }, claimCode, claimUrl }: the fresh code is shown only in this answer',
    },
    async handle(call) {
      const serial = serialOf(call.c.req.param('serial')!);
      call.target = serial;
      const { claim, claimCode } = await voidClaim(ports, call.who, {
        serial,
        reason: call.body.reason,
      });
      call.detail = `claim ${claim.number} voided`;
      return { claim, claimCode, claimUrl: claimUrlOf(origin(call.c), claimCode) };
    },
  });

  const reissued = route({
    method: 'post',
    path: '/cards/:serial/claim-code',
    summary:
      'Give a card no one has claimed a new claim code, for a slip lost before its claim: legal only, with a reason kept for staff. The code the card waited for stops working; the new one is answered this once (print its slip with POST /cards/:serial/slip). A card with a standing claim is voided instead.',
    permission: null,
    action: 'claim.reissue',
    body: {
      type: 'object',
      properties: {
        reason: {
          type: 'string',
          minLength: 1,
          maxLength: MAX_VOID_REASON,
          description: 'why the card gets a new code; for staff only, never public',
        },
      },
      required: ['reason'],
    },
    response: {
      status: 200,
      description: '{ claimCode, claimUrl }: the new code is shown only in this answer',
    },
    async handle(call) {
      const serial = serialOf(call.c.req.param('serial')!);
      call.target = serial;
      const { claimCode } = await reissueClaimCode(ports, call.who, {
        serial,
        reason: call.body.reason,
      });
      call.detail = call.body.reason.trim().slice(0, 200);
      return { claimCode, claimUrl: claimUrlOf(origin(call.c), claimCode) };
    },
  });

  return [history, voided, reissued];
}
