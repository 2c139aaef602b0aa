// A witness next to the brand's server: `cachet witness serve` cosigns each checkpoint that
// extends the last one it cosigned, the server serves those cosignatures with its checkpoint,
// and the witness refuses what the tlog-witness spec says it must.
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  formatCheckpoint,
  formatVkey,
  noteKey,
  openNote,
  parseCheckpoint,
  parseVkey,
  SIG_ED25519,
  signNote,
  ed25519NoteSigner,
} from '../../src/core/index.js';
import { freePort, launch, type LocalProcess } from '../../src/cli/local-worker.js';
import { loadOrCreateLogKey } from '../../src/store/log-key.js';
import { CACHET_BIN, cachetAsync, cliFolder, launchBuiltServer } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';

const { dir: cwd, env } = cliFolder('cachet-witness-', {
  CACHET_PUBLIC_URL: 'https://verify.brand.test',
  CACHET_LOG_INTERVAL_MS: '100',
});
const ORIGIN = 'verify.brand.test/log';
let witness: LocalProcess;
let server: LocalProcess;
let witnessUrl: string;
let witnessVkey: string;

beforeAll(async () => {
  // The log key first, so that the witness can be told which log to follow.
  const logKey = await loadOrCreateLogKey(env.CACHET_KEYS_DIR);
  const logVkey = formatVkey(await noteKey(ORIGIN, SIG_ED25519, logKey.publicKey));
  const port = await freePort();
  witnessUrl = `http://127.0.0.1:${port}`;
  witness = await launch(
    process.execPath,
    [
      CACHET_BIN,
      'witness',
      'serve',
      '--name',
      'press.test/witness',
      '--log',
      logVkey,
      '--state',
      join(cwd, 'witness'),
      '--port',
      String(port),
    ],
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...clockEnv() },
      ready: /Press Ctrl\+C/,
      url: witnessUrl,
    },
  );
  witnessVkey = /vkey {2}(\S+)/.exec(witness.output())![1]!;
  server = await launchBuiltServer(cwd, {
    ...env,
    CACHET_LOG_WITNESSES: `${witnessVkey} ${witnessUrl}`,
  });
}, 90_000);
afterAll(async () => {
  await server?.close();
  await witness?.close();
});

/** The served checkpoint once it carries the witness's cosignature, for at least `size` cards. */
async function cosignedCheckpoint(size: number): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const note = await (await fetch(`${server.url}/log/checkpoint`)).text();
    const body = parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1));
    if (body.size >= size && note.includes('\n— press.test/witness ')) return note;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no cosigned checkpoint of ${size}`);
}

describe('cachet witness serve', () => {
  it('cosigns the checkpoint the server serves, and the next one that extends it', async () => {
    const key = await parseVkey(witnessVkey);
    const first = await cosignedCheckpoint(2); // the two demo cards
    const opened = await openNote(first, [key]);
    expect(opened.verified[0]!.timestamp).toBeGreaterThan(1_700_000_000);
    const size = parseCheckpoint(opened.text).size;

    const minted = await cachetAsync(['mint', '--boutique', 'PAR-SH', '--associate', '101'], {
      cwd,
      env: { ...env },
    });
    expect(minted.code, minted.stderr).toBe(0);
    const next = await cosignedCheckpoint(size + 1);
    expect(parseCheckpoint((await openNote(next, [key])).text).size).toBe(size + 1);
  }, 60_000);

  it('refuses a stale old size (409, its own size), an unknown log (404) and a bad signature (403)', async () => {
    const post = (body: string) => fetch(`${witnessUrl}/add-checkpoint`, { method: 'POST', body });
    const note = await cosignedCheckpoint(1);
    const stale = await post(`old 0\n\n${note}`);
    expect(stale.status).toBe(409);
    expect(stale.headers.get('content-type')).toBe('text/x.tlog.size');
    expect(Number((await stale.text()).trim())).toBeGreaterThan(0);

    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const raw = new Uint8Array(await crypto.subtle.exportKey('raw', pair.publicKey));
    const text = formatCheckpoint({
      origin: 'elsewhere.test/log',
      size: 1,
      root: new Uint8Array(32),
    });
    const other = await signNote(text, [
      await ed25519NoteSigner('elsewhere.test/log', raw, pair.privateKey),
    ]);
    expect((await post(`old 0\n\n${other}`)).status).toBe(404);
    // The brand's origin, signed by a key that is not the log's: a forged checkpoint.
    const forgedText = formatCheckpoint({ origin: ORIGIN, size: 99, root: new Uint8Array(32) });
    const forged = await signNote(forgedText, [
      await ed25519NoteSigner(ORIGIN, raw, pair.privateKey),
    ]);
    expect((await post(`old 0\n\n${forged}`)).status).toBe(403);
    expect((await post('not a request')).status).toBe(400);
  }, 60_000);
});
