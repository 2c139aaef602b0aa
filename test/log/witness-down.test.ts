// A witness that hangs, then fails, then comes back, in front of the built server: checkpoints
// publish on schedule all along (the start is not held up either), the witness is asked again
// less and less often while it fails, its cosignature joins the newest checkpoint once it is back
// (the log not having grown meanwhile), and the outage is said once, not on every step.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { formatVkey, noteKey, parseCheckpoint, SIG_ED25519 } from '../../src/core/index.js';
import { launch, type LocalProcess } from '../../src/cli/local-worker.js';
import { loadOrCreateLogKey } from '../../src/store/log-key.js';
import { CACHET_BIN, cachetAsync, cliFolder, launchBuiltServer } from '../helpers/cli.js';
import { clockEnv } from '../helpers/dates.js';

const { dir: cwd, env } = cliFolder('cachet-witness-down-', {
  CACHET_PUBLIC_URL: 'https://verify.brand.test',
  CACHET_LOG_INTERVAL_MS: '200',
});
const ORIGIN = 'verify.brand.test/log';
const PORT = 18830;
const WITNESS_URL = `http://127.0.0.1:${PORT}`;
const started: { close(): Promise<void> }[] = [];
afterAll(async () => {
  for (const s of started.reverse()) await s.close();
});

/** The built `cachet witness serve` on PORT, following this folder's log. */
async function realWitness(): Promise<LocalProcess> {
  const logKey = await loadOrCreateLogKey(env.CACHET_KEYS_DIR);
  const logVkey = formatVkey(await noteKey(ORIGIN, SIG_ED25519, logKey.publicKey));
  const witness = await launch(
    process.execPath,
    [CACHET_BIN, 'witness', 'serve', '--name', 'press.test/witness', '--log', logVkey].concat([
      '--state',
      join(cwd, 'witness'),
      '--port',
      String(PORT),
    ]),
    {
      cwd,
      env: { PATH: process.env.PATH ?? '', ...clockEnv() },
      ready: /Press Ctrl\+C/,
      url: WITNESS_URL,
    },
  );
  started.push(witness);
  return witness;
}

/** A witness on PORT that holds each request without answering, or answers 503 at once. */
async function brokenWitness() {
  const held: { req: IncomingMessage; res: ServerResponse }[] = [];
  let refused = 0;
  let mode: 'hang' | '503' = 'hang';
  const server = createServer((req, res) => {
    if (mode === '503') {
      refused++;
      res.writeHead(503).end('down for maintenance\n');
    } else held.push({ req, res });
  });
  await new Promise<void>((resolve) => server.listen(PORT, '127.0.0.1', resolve));
  const broken = {
    held,
    refused: () => refused,
    answer503: () => (mode = '503'),
    close: () =>
      new Promise<void>((resolve) => {
        for (const { res } of held) res.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  started.push(broken);
  return broken;
}

async function checkpoint(url: string) {
  const note = await (await fetch(`${url}/log/checkpoint`)).text();
  return { note, size: parseCheckpoint(note.slice(0, note.indexOf('\n\n') + 1)).size };
}

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000) {
  for (const end = Date.now() + ms; Date.now() < end;) {
    const found = await probe();
    if (found !== undefined) return found;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`not within ${ms} ms: ${what}`);
}

const COSIGNED = '\n— press.test/witness ';

describe('a witness that is down or slow', () => {
  it('does not hold the log up, is not hammered, and cosigns the newest checkpoint once back', async () => {
    // The real witness once, for its key; then a broken one in its place.
    const witness = await realWitness();
    const witnessVkey = /vkey {2}(\S+)/.exec(witness.output())![1]!;
    await witness.close();
    const broken = await brokenWitness();

    const server = await launchBuiltServer(cwd, {
      ...env,
      CACHET_LOG_WITNESSES: `${witnessVkey} ${WITNESS_URL}`,
    });
    started.push(server);
    // Ready while the witness still holds the first request: the start did not wait for it.
    expect(broken.held.length).toBe(1);
    expect(broken.held[0]!.req.destroyed).toBe(false);

    // A card minted while the witness hangs is in a checkpoint on schedule, without cosignature.
    const before = (await checkpoint(server.url)).size;
    const minted = await cachetAsync(['mint', '--boutique', 'PAR-SH', '--associate', '101'], {
      cwd,
      env,
    });
    expect(minted.code, minted.stderr).toBe(0);
    const grown = await until('the new card in a checkpoint', async () => {
      const c = await checkpoint(server.url);
      return c.size === before + 1 ? c : undefined;
    });
    expect(grown.note).not.toContain(COSIGNED);
    expect(broken.held[0]!.req.destroyed).toBe(false); // still hanging meanwhile

    // Past the timeout the witness is down; answering 503 now, it is asked at growing pauses.
    await until('the hung request given up', async () =>
      broken.held[0]!.req.destroyed ? true : undefined,
    );
    broken.answer503();
    await new Promise((r) => setTimeout(r, 3000));
    // Steps every 200 ms: 15 tries unpaused; paused 1 s then 2 s, at most 2 or 3.
    expect(broken.refused()).toBeGreaterThanOrEqual(1);
    expect(broken.refused()).toBeLessThanOrEqual(3);
    expect(broken.held.length).toBe(1);

    // Back: its cosignature joins the newest checkpoint, which did not grow meanwhile.
    await broken.close();
    await realWitness();
    const cosigned = await until('the cosigned checkpoint', async () => {
      const c = await checkpoint(server.url);
      return c.note.includes(COSIGNED) ? c : undefined;
    });
    expect(cosigned.size).toBe(grown.size);

    // One line when the outage began, one when it ended.
    const output = server.output();
    expect(output.match(/witness \S+ does not answer/g)).toHaveLength(1);
    expect(output.match(/witness \S+ answers again/g)).toHaveLength(1);
  }, 40_000);
});
