// A witness that is down or slow is asked again after a pause that doubles with each failure, so
// the log does not hammer it; its outage is said once when it begins and once when it ends.
import { CachetError } from '../core/index.js';
import type { WitnessPost } from './log.js';

/** The pause after a witness first fails to answer; each failure doubles it, up to the most. */
export const WITNESS_PAUSE_MS = 1000;
/** The longest pause between two tries of a witness that stays down. */
export const WITNESS_PAUSE_MOST_MS = 5 * 60_000;

interface Outage {
  pause: number;
  next: number;
  tries: number;
}

/** Why a try failed, in a few words: the system's code when fetch gives one, else the message. */
export function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | null)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Wraps `post` so that a witness that fails to answer (no connection, past the timeout, a 5xx) is
 * not asked again before its pause ends: such a call is refused at once, without a request.
 * `say` gets one line when a witness's outage begins and one when it ends.
 */
export function patientWitness(
  post: WitnessPost,
  options: { say?: (line: string) => void; now?: () => number } = {},
): WitnessPost {
  const say = options.say ?? ((line: string) => console.error(line));
  const now = options.now ?? Date.now;
  const outages = new Map<string, Outage>();
  return async (url, body) => {
    const outage = outages.get(url);
    if (outage && now() < outage.next) {
      throw new CachetError('ERR_NOT_AVAILABLE', `the witness ${url} is asked again later`);
    }
    let answer: Awaited<ReturnType<WitnessPost>>;
    try {
      answer = await post(url, body);
      if (answer.status >= 500) {
        throw new CachetError('ERR_NOT_AVAILABLE', `it answered ${answer.status}`);
      }
    } catch (error) {
      const pause = outage ? Math.min(outage.pause * 2, WITNESS_PAUSE_MOST_MS) : WITNESS_PAUSE_MS;
      if (!outage) {
        say(
          `cachet: the witness ${url} does not answer (${reasonOf(error)}): checkpoints are published without its cosignature and it is asked again, less often (at most every ${WITNESS_PAUSE_MOST_MS / 60_000} minutes); said again when it answers`,
        );
      }
      outages.set(url, { pause, next: now() + pause, tries: (outage?.tries ?? 0) + 1 });
      throw error;
    }
    if (outage) {
      outages.delete(url);
      say(`cachet: the witness ${url} answers again (after ${outage.tries} failed tries)`);
    }
    return answer;
  };
}
