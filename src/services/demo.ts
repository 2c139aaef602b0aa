// The demo brand a fresh `npm start` shows: two boutiques, three associates, two cards.
import {
  fromHex,
  instantToDay,
  keyIdOf,
  signCard,
  type AdminStore,
  type Associate,
  type Boutique,
  SigningKeys,
  type Store,
} from '../core/index.js';
import { describeMinted, describeStored, mintCard, type MintedCard } from './mint.js';

export const DEMO_BOUTIQUES: Boutique[] = [
  { number: 1, code: 'PAR-SH', name: 'Maison Demo Saint-Honoré', city: 'Paris', country: 'FR' },
  { number: 2, code: 'TYO-GZ', name: 'Maison Demo Ginza', city: 'Tokyo', country: 'JP' },
];

export const DEMO_ASSOCIATES: Associate[] = [
  { number: 101, boutique: 1, displayName: 'Camille Laurent' },
  { number: 102, boutique: 1, displayName: 'Hugo Marchand' },
  { number: 201, boutique: 2, displayName: 'Aiko Tanaka' },
];

const SETTING = 'demo.cards';

export interface DemoCards {
  authentic: MintedCard | null;
  revoked: MintedCard | null;
}

/**
 * A demo card described from the token the registry kept, whatever keys came since; a row from
 * before tokens were kept is signed again when its key is still at hand (Ed25519 is
 * deterministic, so the token is the one first minted).
 */
async function findDemoCard(
  serial: string,
  admin: AdminStore,
  signers: SigningKeys,
  origin: string,
): Promise<MintedCard | null> {
  const card = await admin.findStaffCard(serial);
  if (!card) return null;
  if (card.token) return describeStored({ serial, token: card.token }, origin);
  const signer = signers.signers.find((s) => s.key.kid === card.kid);
  if (!signer) return null;
  const claims = {
    keyId: keyIdOf(card.kid),
    serial: fromHex(card.serial),
    issued: card.issued,
    boutique: card.boutique,
    associate: card.associate,
    occasion: card.occasion,
    addressee: card.addressee === null ? undefined : fromHex(card.addressee),
  };
  return describeMinted(claims, await signCard(claims, signer.privateKey), origin);
}

/**
 * Seeds the demo brand and cards into an empty registry, or finds the ones seeded before. The
 * demo is signed only with a development key: a card under the brand's real key would verify as
 * genuine for a boutique and an associate that do not exist. Returns null when the registry
 * already holds a brand of its own, or no development key may sign today.
 */
export async function ensureDemo(
  store: Store & { admin(): AdminStore },
  signers: SigningKeys,
  origin: string,
  now: Date,
): Promise<DemoCards | null> {
  const saved = await store.getSetting(SETTING);
  if (saved) {
    const { authentic, revoked } = JSON.parse(saved) as { authentic: string; revoked: string };
    const admin = store.admin();
    return {
      authentic: await findDemoCard(authentic, admin, signers, origin),
      revoked: await findDemoCard(revoked, admin, signers, origin),
    };
  }
  if ((await store.listBoutiques()).length > 0) return null;
  const development = new SigningKeys(signers.signers.filter((s) => s.key.development));
  // No development key may sign today's cards (only the brand's own key, or a key for later
  // dates): nothing to seed.
  if (!development.find(instantToDay(now))) return null;

  for (const boutique of DEMO_BOUTIQUES) await store.addBoutique(boutique);
  for (const associate of DEMO_ASSOCIATES) await store.addAssociate(associate);
  const ctx = { store, signers: development, origin, now };
  const authentic = await mintCard(
    { boutique: 'PAR-SH', associate: 101, occasion: 'birthday', clientRef: 'demo-client-0001' },
    ctx,
  );
  const revoked = await mintCard(
    { boutique: 'TYO-GZ', associate: 201, occasion: 'anniversary', clientRef: 'demo-client-0002' },
    ctx,
  );
  await store.revokeCard(
    revoked.serial,
    { reason: 'lost-or-stolen', note: 'Demo: reported lost by the client', by: 'demo' },
    now,
  );
  await store.setSetting(
    SETTING,
    JSON.stringify({ authentic: authentic.serial, revoked: revoked.serial }),
  );
  return { authentic, revoked };
}
