// A worker thread that draws QR codes as SVG: choosing the mask is most of a batch's CPU time,
// so on a machine with two cores or more it runs beside the registry and file work.
import { parentPort } from 'node:worker_threads';
import { qrSvg, type Ecc } from '../print/qr.js';

parentPort!.on('message', async (job: { id: number; urls: string[]; ecc: Ecc }) => {
  try {
    const svgs = await Promise.all(job.urls.map((url) => qrSvg(url, job.ecc)));
    parentPort!.postMessage({ id: job.id, svgs });
  } catch (error) {
    parentPort!.postMessage({ id: job.id, error: (error as Error).message });
  }
});
