// Images are read on a bounded pool of worker threads, so that no upload ever holds up a
// verification: the main thread only hands bytes over and takes texts (or a card's fingerprint,
// or a comparison) back. A full queue is
// refused at once (503 with Retry-After), and an image that takes longer than its budget costs
// its worker, which is replaced.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { CachetError, type ErrorCode } from '../core/index.js';
import { runImageJob, type ImageJob, type ImageJobResults } from './image-jobs.js';

export interface ImagePoolOptions {
  /**
   * Worker threads; default: one core left to the main thread, at least one worker. 0 reads on
   * the calling thread, as a one-core machine must.
   */
  workers?: number | undefined;
  /** Images waiting beyond those being read; more are refused with `ERR_IMAGE_BUSY`. */
  queue?: number;
  /** How long one image may take to read, in ms, before its worker is stopped. */
  budgetMs?: number;
  maxPixels: number;
}

export interface ImagePool {
  /** The texts of the QR codes in the image (see readImageOnNode). */
  read(bytes: Uint8Array): Promise<string[]>;
  /** Runs one job of any kind (see image-jobs.ts), queued and timed like a read. */
  run<K extends ImageJob['kind']>(job: Extract<ImageJob, { kind: K }>): Promise<ImageJobResults[K]>;
  close(): Promise<void>;
  readonly workers: number;
}

interface Job {
  id: number;
  job: ImageJob;
  resolve(result: unknown): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
  timer: NodeJS.Timeout | undefined;
}

/** Seconds a client is asked to wait when every worker is busy and the queue is full. */
export const IMAGE_RETRY_AFTER = 5;

export function imagePool(options: ImagePoolOptions): ImagePool {
  const workers = options.workers ?? Math.max(1, availableParallelism() - 1);
  const queueLimit = options.queue ?? 4 * workers;
  const budgetMs = options.budgetMs ?? 15_000;
  const script = new URL('./image-worker.js', import.meta.url);
  // Tests that import the TypeScript sources have no compiled worker: read on this thread.
  if (workers === 0 || !import.meta.url.endsWith('.js')) {
    const run = (job: ImageJob) => runImageJob(job, options.maxPixels) as Promise<never>;
    return {
      workers: 0,
      read: (bytes) => run({ kind: 'read', bytes }),
      run,
      close: async () => {},
    };
  }
  const queue: Job[] = [];
  let next = 0;
  let closed = false;

  /** Starts a worker in `slot`; events of a worker the slot no longer holds are ignored. */
  const spawn = (slot: Slot) => {
    const worker = new Worker(script, { workerData: { maxPixels: options.maxPixels } });
    worker.unref();
    slot.worker = worker;
    worker.on('message', (m: { id: number; result?: unknown; error?: Failure }) => {
      const job = slot.job;
      if (slot.worker !== worker || !job || job.id !== m.id) return;
      finish(slot);
      if (!m.error) job.resolve(m.result);
      else job.reject(new CachetError(m.error!.code, m.error!.message));
      dispatch();
    });
    // A worker that fails or dies (a decoder crash, memory) loses its image, not the server:
    // the client is told the image could not be read, and a fresh worker takes the slot.
    const lost = (why: string) =>
      replace(slot, new CachetError('ERR_IMAGE_UNREADABLE', `the image could not be read: ${why}`));
    worker.on('error', (error) => {
      if (slot.worker === worker) lost(error.message);
    });
    worker.on('exit', (code) => {
      if (!closed && slot.worker === worker) lost(`the reader stopped (exit ${code})`);
    });
  };
  const slots = Array.from({ length: workers }, () => {
    const slot = { job: undefined, timer: undefined } as unknown as Slot;
    spawn(slot);
    return slot;
  });

  const finish = (slot: Slot) => {
    clearTimeout(slot.timer);
    slot.job = undefined;
    slot.timer = undefined;
  };
  /** A worker that failed or ran out of time is stopped and a fresh one takes its place. */
  const replace = (slot: Slot, error: Error) => {
    const job = slot.job;
    finish(slot);
    const old = slot.worker;
    if (!closed) spawn(slot);
    void old.terminate();
    if (closed) return;
    job?.reject(error);
    dispatch();
  };
  const dispatch = () => {
    for (const slot of slots) {
      if (slot.job || queue.length === 0) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.timer = setTimeout(
        () =>
          replace(
            slot,
            new CachetError(
              'ERR_IMAGE_UNREADABLE',
              `reading the image took over ${budgetMs / 1000} s: it was stopped`,
            ),
          ),
        budgetMs,
      );
      slot.worker.postMessage({ id: job.id, job: job.job });
    }
  };

  const run = (job: ImageJob): Promise<never> => {
    const busy = slots.every((s) => s.job) && queue.length >= queueLimit;
    if (busy) {
      return Promise.reject(
        new CachetError(
          'ERR_IMAGE_BUSY',
          `every image reader is busy: send the image again in ${IMAGE_RETRY_AFTER} s`,
        ),
      );
    }
    return new Promise<never>((resolve, reject) => {
      queue.push({ id: next++, job, resolve: resolve as (result: unknown) => void, reject });
      dispatch();
    });
  };

  return {
    workers,
    read: (bytes) => run({ kind: 'read', bytes }),
    run,
    async close() {
      closed = true;
      for (const job of queue.splice(0)) {
        job.reject(new CachetError('ERR_IMAGE_BUSY', 'the server is stopping'));
      }
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}

interface Failure {
  code: ErrorCode;
  message: string;
}
