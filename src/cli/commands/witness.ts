// `cachet witness serve`: a witness of brands' issuance logs (c2sp.org/tlog-witness), for a
// third party such as a press association. It cosigns a log's checkpoint only when it extends
// the last one it cosigned for that log, and keeps that in its state folder.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAdaptorServer } from '@hono/node-server';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { base64url } from 'jose';
import {
  cosigner,
  formatVkey,
  fromBase64,
  importEd25519PrivateJwk,
  parseVkey,
  toBase64,
} from '../../core/index.js';
import { addCheckpoint, type WitnessState } from '../../services/witness.js';
import { parse, required, type Command, type OptionSpecs } from '../args.js';
import type { CommandGroup } from '../sub-commands.js';

const OPTIONS = {
  name: {
    type: 'string',
    value: 'NAME',
    help: 'the witness name in its cosignatures, a schema-less URL (press.example/witness)',
  },
  log: {
    type: 'string',
    value: 'VKEY[,VKEY]',
    help: "the verifier key of each log to witness (the brand's GET /log/vkey)",
  },
  state: {
    type: 'string',
    value: 'DIR',
    help: 'its key (witness.jwk, 0600) and the last checkpoint of each log (default: witness)',
  },
  port: { type: 'string', value: 'N', help: 'the port to listen on (default 8790)' },
  host: { type: 'string', value: 'HOST', help: 'the address to listen on (default 127.0.0.1)' },
} satisfies OptionSpecs;

interface KeyFile {
  kty: 'OKP';
  crv: 'Ed25519';
  x: string;
  d: string;
  purpose: 'witness';
}

async function witnessKey(dir: string) {
  const path = join(dir, 'witness.jwk');
  let jwk: KeyFile;
  if (existsSync(path)) {
    jwk = JSON.parse(readFileSync(path, 'utf8')) as KeyFile;
  } else {
    const pair = (await crypto.subtle.generateKey({ name: 'Ed25519' }, true, [
      'sign',
      'verify',
    ])) as CryptoKeyPair;
    const exported = await crypto.subtle.exportKey('jwk', pair.privateKey);
    jwk = { kty: 'OKP', crv: 'Ed25519', x: exported.x!, d: exported.d!, purpose: 'witness' };
    writeFileSync(path, `${JSON.stringify(jwk)}\n`, { mode: 0o600, flag: 'wx' });
  }
  const privateKey = await importEd25519PrivateJwk(jwk.x, jwk.d);
  return { publicKey: base64url.decode(jwk.x), privateKey };
}

/** The last cosigned checkpoint of each log, in one JSON file, written before each answer. */
function fileState(path: string): WitnessState {
  type Saved = Record<string, { size: number; root: string }>;
  const load = (): Saved =>
    existsSync(path) ? (JSON.parse(readFileSync(path, 'utf8')) as Saved) : {};
  let queue: Promise<unknown> = Promise.resolve();
  return {
    async get(origin) {
      const seen = load()[origin];
      return seen ? { size: seen.size, root: fromBase64(seen.root) } : null;
    },
    // One swap at a time, read and written under the same turn: the check and the write are one.
    swap(origin, expected, next) {
      const turn = queue.then(() => {
        const saved = load();
        if ((saved[origin]?.size ?? 0) !== expected) return false;
        saved[origin] = { size: next.size, root: toBase64(next.root) };
        writeFileSync(`${path}.tmp`, `${JSON.stringify(saved, null, 2)}\n`);
        renameSync(`${path}.tmp`, path);
        return true;
      });
      queue = turn.catch(() => undefined);
      return turn;
    },
  };
}

const serve: Command = {
  name: 'serve',
  summary: 'serve a witness that cosigns the checkpoints of the logs it follows',
  options: OPTIONS,
  forms: [{ required: ['name', 'log'], optional: ['state', 'port', 'host'] }],
  about: [
    'Serves POST /add-checkpoint (c2sp.org/tlog-witness). A checkpoint is cosigned when a log it',
    'follows signed it and it extends the last one cosigned for that log (consistency proof); a',
    'log that rewrote its past is refused (409 or 422) and never gets the cosignature. Give the',
    "brand the witness's verifier key (printed at start) and its URL for CACHET_LOG_WITNESSES.",
  ].join('\n'),
  async run(argv) {
    const { values } = parse(argv, OPTIONS);
    const name = required(values, 'name');
    const logs = await Promise.all(
      required(values, 'log')
        .split(',')
        .map((v) => parseVkey(v.trim())),
    );
    const dir = values.state ?? 'witness';
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const { publicKey, privateKey } = await witnessKey(dir);
    const signer = await cosigner(name, publicKey, privateKey);
    const state = fileState(join(dir, 'logs.json'));

    const app = new Hono();
    app.post(
      '/add-checkpoint',
      bodyLimit({ maxSize: 64 * 1024, onError: (c) => c.text('request too large\n', 413) }),
      async (c) => {
        const answer = await addCheckpoint(await c.req.text(), logs, signer, state);
        return c.body(answer.body, answer.status as 200, { 'content-type': answer.contentType });
      },
    );
    app.get('/', (c) => c.text(`${formatVkey(signer.key)}\n`));
    const port = Number(values.port ?? 8790);
    const host = values.host ?? '127.0.0.1';
    const server = createAdaptorServer({ fetch: app.fetch });
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => resolve());
    });
    const address = server.address() as { port: number };
    console.log(`Witness ${name} on http://${host}:${address.port}`);
    console.log(`  vkey  ${formatVkey(signer.key)}`);
    for (const log of logs) console.log(`  logs  ${log.name}`);
    console.log('Press Ctrl+C to stop.');
    await new Promise<void>((resolve) => {
      for (const signal of ['SIGINT', 'SIGTERM'] as const) {
        process.once(signal, () => server.close(() => resolve()));
      }
    });
    return 0;
  },
};

export const witness: CommandGroup = {
  name: 'witness',
  summary: "cosign brands' issuance logs as a third party",
  subCommands: [serve],
};
