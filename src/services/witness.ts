// A witness (c2sp.org/tlog-witness): a third party, a press association for instance, that
// cosigns a log's checkpoint only when it extends the last one it cosigned for that log. Two
// different views of the log can then not both carry its cosignature.
import {
  CachetError,
  fromBase64,
  openNote,
  parseCheckpoint,
  signNote,
  verifyConsistency,
  equalBytes,
  type NoteKey,
  type NoteSigner,
} from '../core/index.js';

/** What a witness remembers of each log: the checkpoint it last cosigned. */
export interface WitnessState {
  get(origin: string): Promise<{ size: number; root: Uint8Array } | null>;
  /**
   * Records `next` for `origin` if the stored size is still `expected` (0: none); false when
   * another request got there first. Must be atomic.
   */
  swap(
    origin: string,
    expected: number,
    next: { size: number; root: Uint8Array },
  ): Promise<boolean>;
}

export interface WitnessAnswer {
  status: number;
  body: string;
  contentType: string;
}

const TEXT = 'text/plain; charset=utf-8';
const SIZE = 'text/x.tlog.size';
const MAX_PROOF_LINES = 63;

const answer = (status: number, body: string, contentType = TEXT): WitnessAnswer => ({
  status,
  body: body.endsWith('\n') ? body : `${body}\n`,
  contentType,
});

/**
 * The add-checkpoint call: `old <size>`, the consistency proof lines, a blank line, the
 * checkpoint. Answers with the cosignature line, or the status the spec gives each refusal.
 */
export async function addCheckpoint(
  request: string,
  logs: NoteKey[],
  witness: NoteSigner,
  state: WitnessState,
): Promise<WitnessAnswer> {
  const blank = request.indexOf('\n\n');
  if (blank < 0)
    return answer(400, 'a request is old <size>, proof lines, a blank line, a checkpoint');
  const head = request.slice(0, blank).split('\n');
  const note = request.slice(blank + 2);
  const old = /^old (0|[1-9]\d{0,15})$/.exec(head.shift() ?? '');
  if (!old) return answer(400, 'the first line is old <size>');
  if (head.length > MAX_PROOF_LINES) return answer(400, `at most ${MAX_PROOF_LINES} proof lines`);
  let proof: Uint8Array[];
  let checkpointText: string;
  try {
    proof = head.map((line) => fromBase64(line, 'a proof line'));
    const origin = note.slice(0, note.indexOf('\n'));
    const trusted = logs.filter((k) => k.name === origin);
    if (trusted.length === 0)
      return answer(404, `this witness does not follow ${origin.slice(0, 100)}`);
    try {
      checkpointText = (await openNote(note, trusted)).text;
    } catch (error) {
      if (error instanceof CachetError && error.code === 'ERR_LOG_SIGNATURE') {
        return answer(403, 'no signature of a key this witness trusts for that log verifies');
      }
      throw error;
    }
  } catch (error) {
    if (error instanceof CachetError) return answer(400, error.message);
    throw error;
  }
  const checkpoint = parseCheckpoint(checkpointText);
  const oldSize = Number(old[1]);
  if (oldSize > checkpoint.size) return answer(400, 'the old size is past the checkpoint');
  const seen = await state.get(checkpoint.origin);
  if ((seen?.size ?? 0) !== oldSize) return answer(409, String(seen?.size ?? 0), SIZE);
  if (seen && oldSize === checkpoint.size && !equalBytes(seen.root, checkpoint.root)) {
    return answer(409, String(seen.size), SIZE);
  }
  const consistent =
    oldSize === 0
      ? proof.length === 0
      : await verifyConsistency(oldSize, checkpoint.size, proof, seen!.root, checkpoint.root);
  if (!consistent) return answer(422, 'the consistency proof does not verify');
  if (
    !(await state.swap(checkpoint.origin, oldSize, {
      size: checkpoint.size,
      root: checkpoint.root,
    }))
  ) {
    const now = await state.get(checkpoint.origin);
    return answer(409, String(now?.size ?? 0), SIZE);
  }
  const signed = await signNote(checkpointText, [witness]);
  return answer(200, signed.slice(signed.lastIndexOf('\n\n') + 2));
}
