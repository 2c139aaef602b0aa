// QR SVGs drawn by worker threads, a share of each request per worker; or on this thread when
// there are no workers (one core, or running from TypeScript sources in tests).
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CachetError } from '../core/index.js';
import { qrSvg, type Ecc } from '../print/qr.js';

export interface QrRenderer {
  /** The SVG of each URL, in order. */
  render(urls: string[], ecc: Ecc): Promise<string[]>;
  close(): Promise<void>;
  readonly workers: number;
}

/** The default: one worker per core, none on a single core. */
export function defaultWorkers(): number {
  const cores = availableParallelism();
  return cores > 1 ? cores : 0;
}

export function qrRenderer(workers = defaultWorkers()): QrRenderer {
  const script = new URL('./qr-worker.js', import.meta.url);
  // Tests import the TypeScript sources, where there is no compiled worker to start.
  if (workers === 0 || !import.meta.url.endsWith('.js')) {
    return {
      workers: 0,
      render: (urls, ecc) => Promise.all(urls.map((url) => qrSvg(url, ecc))),
      close: async () => {},
    };
  }
  const pool = Array.from({ length: workers }, () => new Worker(script));
  const waiting = new Map<number, { resolve(svgs: string[]): void; reject(e: Error): void }>();
  let next = 0;
  for (const worker of pool) {
    worker.unref();
    worker.on('message', (m: { id: number; svgs?: string[]; error?: string }) => {
      const entry = waiting.get(m.id);
      waiting.delete(m.id);
      if (m.svgs) entry?.resolve(m.svgs);
      else entry?.reject(new CachetError('ERR_INTERNAL', `QR worker: ${m.error}`));
    });
    worker.on('error', (error) => {
      for (const entry of waiting.values()) entry.reject(error);
      waiting.clear();
    });
  }
  const ask = (worker: Worker, urls: string[], ecc: Ecc) =>
    new Promise<string[]>((resolve, reject) => {
      const id = next++;
      waiting.set(id, { resolve, reject });
      worker.postMessage({ id, urls, ecc });
    });
  return {
    workers,
    async render(urls, ecc) {
      const share = Math.ceil(urls.length / workers);
      const parts = await Promise.all(
        pool.map((worker, i) => {
          const part = urls.slice(i * share, (i + 1) * share);
          return part.length ? ask(worker, part, ecc) : Promise.resolve([]);
        }),
      );
      return parts.flat();
    },
    async close() {
      await Promise.all(pool.map((w) => w.terminate()));
    },
  };
}
