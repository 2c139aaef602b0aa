// What the image pool's workers do, written once for a worker thread and for the calling thread
// alike: read a photo's codes, fingerprint a reference photo, or compare a photo with one.
import {
  cardFingerprint,
  compareWithFingerprint,
  type CardMatch,
  type MatchViews,
} from '../core/index.js';
import { readCardPhotoOnNode } from '../image/card-photo-node.js';
import { readImageOnNode } from '../image/read-image-node.js';

/** One job for the pool. */
export type ImageJob =
  | { kind: 'read'; bytes: Uint8Array }
  | { kind: 'fingerprints'; bytes: Uint8Array }
  | { kind: 'compare'; bytes: Uint8Array; fingerprint: Uint8Array; views: boolean };

/** What each kind of job answers. */
export interface ImageJobResults {
  read: string[];
  fingerprints: { text: string; fingerprint: Uint8Array }[];
  compare: { text: string; match: CardMatch & { views?: MatchViews } }[];
}

/** Runs `job` on this thread. */
export async function runImageJob(job: ImageJob, maxPixels: number): Promise<unknown> {
  if (job.kind === 'read') return readImageOnNode(job.bytes, maxPixels);
  const photo = await readCardPhotoOnNode(job.bytes, maxPixels);
  if (job.kind === 'fingerprints') {
    return photo.codes.map((code) => ({
      text: code.text,
      fingerprint: cardFingerprint({ grey: photo.grey, corners: code.corners }),
    }));
  }
  return photo.codes.map((code) => ({
    text: code.text,
    match: compareWithFingerprint(
      job.fingerprint,
      { grey: photo.grey, corners: code.corners },
      { views: job.views },
    ),
  }));
}
