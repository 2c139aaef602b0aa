// A worker thread that reads images: QR codes out of uploads, and the card around a code for the
// comparison with a reference (sharp decodes, zxing-wasm reads). Both run synchronously, so on
// the main thread one large photo would hold up every verification.
import { parentPort, workerData } from 'node:worker_threads';
import { isCachetError } from '../core/index.js';
import { runImageJob, type ImageJob } from './image-jobs.js';

const { maxPixels } = workerData as { maxPixels: number };

parentPort!.on('message', async (job: { id: number; job: ImageJob }) => {
  try {
    const result = await runImageJob(job.job, maxPixels);
    parentPort!.postMessage({ id: job.id, result });
  } catch (error) {
    const code = isCachetError(error) ? error.code : 'ERR_INTERNAL';
    parentPort!.postMessage({ id: job.id, error: { code, message: (error as Error).message } });
  }
});
