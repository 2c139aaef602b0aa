// The issuance log as a running server keeps it, wired once for Node and Workers: the sequencer
// over the runtime's log store, signing as the log's own key under its origin, and the witnesses
// asked to cosign each new checkpoint, over fetch with one timeout.
import { ed25519NoteSigner, formatVkey, parseVkey, type LogStore } from '../core/index.js';
import { LogSequencer, Witnessing, type WitnessPost } from './log.js';
import { patientWitness } from './witness-patience.js';

/**
 * How long a witness has to answer; one that does not is asked again after a pause (see
 * patientWitness), for the newest checkpoint then, grown or not.
 */
export const WITNESS_TIMEOUT_MS = 5000;

/** Reaches a witness with fetch, giving up after WITNESS_TIMEOUT_MS. */
export const fetchWitness: WitnessPost = async (url, body) => {
  const res = await fetch(url, {
    method: 'POST',
    body,
    signal: AbortSignal.timeout(WITNESS_TIMEOUT_MS),
  });
  return { status: res.status, body: await res.text() };
};

/** What a runtime hands over to keep a log. */
export interface LogWiring {
  /** Where the log's entries, tiles and checkpoints are kept on this runtime. */
  store: LogStore;
  /** The log's origin (`verify.brand.co/log`): the name its checkpoints are signed under. */
  origin: string;
  /** The log's own Ed25519 key: the raw public key and the private key that signs. */
  key: { publicKey: Uint8Array; privateKey: CryptoKey };
  /** The witnesses asked to cosign: each one's verifier key (text) and submission prefix. */
  witnesses: readonly { vkey: string; url: string }[];
  /** How a witness is reached (default: fetchWitness), paused after failures (patientWitness). */
  post?: WitnessPost;
  /** Where a witness's outage is said, once as it begins and once as it ends (default: stderr). */
  say?: (line: string) => void;
}

/** A log ready to run: its store, its verifier key and its one step. */
export interface WiredLog {
  store: LogStore;
  /** The log's verifier key, as published to monitors and witnesses. */
  vkey: string;
  /**
   * One step of the log's one writer: places the pending entries, signs a checkpoint and, when
   * witnesses are set, asks them to cosign it. Resolves to the log's size.
   */
  step(now: Date): Promise<number>;
  /** The sequencer's part of a step alone: places, signs; resolves to the log's size. */
  integrate(now: Date): Promise<number>;
  /**
   * The witnesses' part alone: asks each witness that has not cosigned the newest checkpoint
   * (grown since or not), unless it is pausing after a failure. Resolves when they answered or
   * timed out; rejects only when the registry cannot keep a cosignature.
   */
  cosign(): Promise<void>;
}

/**
 * Wires the log's sequencer and witnesses.
 * @throws CachetError `ERR_LOG_FORMAT` when a witness's verifier key does not parse.
 */
export async function wireLog(wiring: LogWiring): Promise<WiredLog> {
  const { store, origin, key } = wiring;
  const signer = await ed25519NoteSigner(origin, key.publicKey, key.privateKey);
  const sequencer = new LogSequencer(store, { origin, signer });
  const witnesses = await Promise.all(
    wiring.witnesses.map(async (w) => ({ key: await parseVkey(w.vkey), url: w.url })),
  );
  const post = patientWitness(wiring.post ?? fetchWitness, wiring.say ? { say: wiring.say } : {});
  const witnessing = new Witnessing(store, witnesses, post);
  const cosign = () => (witnesses.length > 0 ? witnessing.cosign() : Promise.resolve());
  return {
    store,
    vkey: formatVkey(signer.key),
    step: async (now) => {
      const size = await sequencer.integrate(now);
      await cosign();
      return size;
    },
    integrate: (now) => sequencer.integrate(now),
    cosign,
  };
}
