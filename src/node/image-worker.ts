// A worker thread that reads QR codes out of images: sharp decodes, zxing-wasm reads. zxing runs
// synchronously, so on the main thread one large photo would hold up every verification.
import { parentPort, workerData } from 'node:worker_threads';
import { isCachetError } from '../core/index.js';
import { readImageOnNode } from '../image/read-image-node.js';

const { maxPixels } = workerData as { maxPixels: number };

parentPort!.on('message', async (job: { id: number; bytes: Uint8Array }) => {
  try {
    const texts = await readImageOnNode(job.bytes, maxPixels);
    parentPort!.postMessage({ id: job.id, texts });
  } catch (error) {
    const code = isCachetError(error) ? error.code : 'ERR_INTERNAL';
    parentPort!.postMessage({ id: job.id, error: { code, message: (error as Error).message } });
  }
});
