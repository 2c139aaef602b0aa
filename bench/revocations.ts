// `npm run bench:revocations`: the offline revocation list at 10³, 10⁵ and 10⁶ revoked cards,
// on a real SQLite registry file: its size as served and gzipped, how long the server takes to
// build it with its trust bundle, and how long a device takes to check it and look a card up.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import {
  generateKeyPair,
  importKeyring,
  importSigner,
  loadTrust,
  type Keyring,
  type Signer,
} from '../src/core/index.js';
import { DEMO_ASSOCIATES, DEMO_BOUTIQUES } from '../src/services/demo.js';
import { TrustPublisher } from '../src/services/trust.js';
import { openSqliteStore } from '../src/store/sqlite.js';

const { values } = parseArgs({
  options: { sizes: { type: 'string', default: '1000,100000,1000000' }, help: { type: 'boolean' } },
});
if (values.help) {
  console.log(`npm run bench:revocations -- [--sizes 1000,100000,1000000]

Fills a fresh registry file with that many revoked cards (random rids) for each size, then
builds /.well-known/cachet/revocations and trust.jws as the server does, and checks them as a
device does. Sizes are exact (17 + 9 bytes a card); times are this machine's, fastest of 3.`);
  process.exit(0);
}

const REASONS = ['counterfeit', 'lost-or-stolen', 'client-request', 'other'] as const;

async function keys(): Promise<{ keyring: Keyring; signer: Signer }> {
  const card = await generateKeyPair({ validFrom: '2026-01-01' });
  const receipt = await generateKeyPair({ validFrom: '2026-01-01', receipt: true });
  const keyring = await importKeyring({ keys: [card.publicJwk, receipt.publicJwk] });
  return { keyring, signer: await importSigner(receipt.privateJwk, keyring) };
}

function fill(path: string, count: number) {
  const store = openSqliteStore(path);
  const db = store.db;
  const boutique = DEMO_BOUTIQUES[0]!;
  const associate = DEMO_ASSOCIATES.find((a) => a.boutique === boutique.number)!;
  db.prepare(
    'INSERT INTO boutiques (number, code, name, city, country, created_at) VALUES (?, ?, ?, ?, ?, ?)',
  ).run(boutique.number, boutique.code, boutique.name, boutique.city, boutique.country, 'now');
  db.prepare(
    'INSERT INTO associates (number, boutique, display_name, created_at) VALUES (?, ?, ?, ?)',
  ).run(associate.number, boutique.number, associate.displayName, 'now');
  const card = db.prepare(
    `INSERT INTO cards (serial, kid, issued, boutique, associate, occasion, minted_at)
     VALUES (?, 'k', 9800, ?, ?, 0, '2026-11-30T00:00:00Z')`,
  );
  const revoke = db.prepare(
    `INSERT INTO revocations (serial, revoked_at, reason, rid) VALUES (?, '2026-11-30T00:00:00Z', ?, ?)`,
  );
  db.transaction(() => {
    for (let i = 0; i < count; i++) {
      const serial = randomBytes(8).toString('hex');
      card.run(serial, boutique.number, associate.number);
      revoke.run(serial, REASONS[i % REASONS.length], randomBytes(8).toString('hex'));
    }
  })();
  return store;
}

async function fastest<T>(run: () => Promise<T>): Promise<{ ms: number; value: T }> {
  let best = Infinity;
  let value: T | undefined;
  for (let i = 0; i < 3; i++) {
    const started = performance.now();
    value = await run();
    best = Math.min(best, performance.now() - started);
  }
  return { ms: best, value: value! };
}

const dir = mkdtempSync(join(tmpdir(), 'cachet-bench-revocations-'));
try {
  const { keyring, signer } = await keys();
  const rows: string[][] = [];
  for (const count of values.sizes.split(',').map(Number)) {
    process.stderr.write(`filling a registry with ${count.toLocaleString('en')} revocations…\n`);
    const store = fill(join(dir, `r${count}.db`), count);
    const build = await fastest(() =>
      new TrustPublisher({
        store,
        keyring,
        signer,
        logVkey: null,
        now: () => new Date(),
      }).current({ iss: 'https://verify.example.com', verifyHosts: ['verify.example.com'] }),
    );
    const { list, jws } = build.value;
    const check = await fastest(() => loadTrust(jws!, list, { now: new Date(), trusted: keyring }));
    const probe = randomBytes(8);
    const lookup = await fastest(async () => {
      for (let i = 0; i < 10_000; i++) check.value.revocations.reasonOf(probe);
    });
    rows.push([
      count.toLocaleString('en'),
      `${list.length.toLocaleString('en')} B`,
      `${gzipSync(list).length.toLocaleString('en')} B`,
      `${build.ms.toFixed(0)} ms`,
      `${check.ms.toFixed(0)} ms`,
      `${((lookup.ms * 1000) / 10_000).toFixed(2)} µs`,
    ]);
    store.close();
  }
  const head = ['revoked cards', 'list', 'gzipped', 'server builds', 'device checks', 'look-up'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  for (const row of [head, ...rows]) {
    console.log(row.map((cell, i) => cell.padStart(widths[i]!)).join('  '));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
