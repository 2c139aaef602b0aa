// The demo brand a fresh `npm start` shows: two boutiques, three associates, two cards.
import {
  fromHex,
  keyIdOf,
  signCard,
  type Associate,
  type Boutique,
  type CardRecord,
  type Signer,
  type Store,
} from '../core/index.js';
import { describeMinted, mintCard, type MintedCard } from './mint-card.js';

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

/** Signs a registry row again: Ed25519 is deterministic, so the token is the one first minted. */
async function resign(
  record: CardRecord | null,
  signer: Signer,
  origin: string,
): Promise<MintedCard | null> {
  if (!record || record.kid !== signer.key.kid) return null;
  const claims = {
    keyId: keyIdOf(record.kid),
    serial: fromHex(record.serial),
    issued: record.issued,
    boutique: record.boutique,
    associate: record.associate,
    occasion: record.occasion,
    addressee: record.addressee === null ? undefined : fromHex(record.addressee),
  };
  return describeMinted(claims, await signCard(claims, signer.privateKey), origin);
}

/**
 * Seeds the demo brand and cards into an empty registry, or finds the ones seeded before.
 * Returns null when the registry already holds a brand of its own.
 */
export async function ensureDemo(
  store: Store,
  signer: Signer,
  origin: string,
  now: Date,
): Promise<DemoCards | null> {
  const saved = await store.getSetting(SETTING);
  if (saved) {
    const { authentic, revoked } = JSON.parse(saved) as { authentic: string; revoked: string };
    return {
      authentic: await resign(await store.findCard(authentic), signer, origin),
      revoked: await resign(await store.findCard(revoked), signer, origin),
    };
  }
  if ((await store.listBoutiques()).length > 0) return null;

  for (const boutique of DEMO_BOUTIQUES) await store.addBoutique(boutique);
  for (const associate of DEMO_ASSOCIATES) await store.addAssociate(associate);
  const ctx = { store, signer, origin, now };
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
