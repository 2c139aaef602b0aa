// A card minted on the running test server with a claim slip: the code printed on the slip and the card,
// the registry keeping only the code's salted hash (as minting with a slip does), and a reference
// photo of the written card recorded through the admin API when asked.
import { formatClaimCode, type NewCard } from '../../src/core/index.js';
import { newClaimCode } from '../../src/services/claims.js';
import { mintCard, type MintedCard, type MintRequest } from '../../src/services/mint.js';
import type { TestServer } from './server.js';
import { renderWrittenCard } from './written-card.js';

export interface SlippedCard {
  card: MintedCard;
  /** The slip's code, formatted in groups as printed. */
  code: string;
}

/** Mints a card whose insert keeps the slip code's hash, in the card's own transaction. */
export async function mintServerCardWithSlip(
  server: TestServer,
  req: Partial<MintRequest> = {},
): Promise<SlippedCard> {
  const store = server.store;
  const { code, codeHash } = await newClaimCode(store.claims());
  const slipped = new Proxy(store, {
    get(target, prop) {
      if (prop === 'insertCards') {
        return (cards: NewCard[]) =>
          target.insertCards(cards.map((c) => ({ ...c, claimCodeHash: codeHash })));
      }
      const value = Reflect.get(target, prop, target);
      return typeof value === 'function' ? value.bind(target) : value;
    },
  });
  const card = await mintCard(
    { boutique: 'PAR-SH', associate: 101, ...req },
    { store: slipped, signers: server.signers, origin: server.url, now: new Date() },
  );
  return { card, code: formatClaimCode(code) };
}

/** Records a photo of the written card as its reference, as an associate does; the photo's bytes. */
export async function recordReferencePhoto(
  server: TestServer,
  key: string,
  card: MintedCard,
): Promise<Uint8Array> {
  const photo = await renderWrittenCard({ url: card.url });
  const res = await fetch(`${server.url}/api/v1/admin/cards/${card.serial}/reference`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${key}`, 'content-type': 'image/jpeg' },
    body: new Uint8Array(photo),
  });
  if (res.status !== 200 && res.status !== 201) {
    throw new Error(`reference refused: ${res.status} ${await res.text()}`);
  }
  return photo;
}
