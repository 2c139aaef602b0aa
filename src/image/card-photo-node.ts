// Placeholder until the card comparison's Node reader lands: the agreed name and shape only.
import { CachetError, type CardPhoto } from '../core/index.js';

/** A photo read for comparison: grey pixels (upright) and every code with its corners. */
export async function readCardPhotoOnNode(
  _bytes: Uint8Array,
  _maxPixels?: number,
): Promise<CardPhoto> {
  throw new CachetError('ERR_INTERNAL', 'the card photo reader is not built yet');
}
