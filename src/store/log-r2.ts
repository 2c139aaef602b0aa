// The issuance log on Workers: entries and their places in D1 (written with each card), tiles
// and checkpoints in R2, where they are served from. A step's writes go tiles first, places
// next, the checkpoint last, so that a step cut short is finished by the next one (see
// LogSequencer) and a checkpoint never names a tree whose tiles are missing.
import type { LogStep, LogStore } from '../core/index.js';
import { SqlLogStore } from './log-sql.js';
import type { SqlDb } from './sql-db.js';

/** The little of an R2 bucket the log uses. */
export interface R2Bucket {
  get(
    key: string,
  ): Promise<{ arrayBuffer(): Promise<ArrayBuffer>; text(): Promise<string> } | null>;
  put(key: string, value: string | Uint8Array): Promise<unknown>;
}

const tileKey = (level: number, index: number) => `tile/${level}/${index}`;
const checkpointKey = (size: number) => `checkpoints/${size}`;
const LATEST = 'checkpoint';

export class D1R2LogStore implements LogStore {
  readonly #entries: SqlLogStore;
  readonly #bucket: R2Bucket;

  constructor(sql: SqlDb, bucket: R2Bucket) {
    this.#entries = new SqlLogStore(sql);
    this.#bucket = bucket;
  }

  placedSize() {
    return this.#entries.placedSize();
  }
  pendingEntries(limit: number) {
    return this.#entries.pendingEntries(limit);
  }
  entries(start: number, end: number) {
    return this.#entries.entries(start, end);
  }
  positionOf(serial: string) {
    return this.#entries.positionOf(serial);
  }
  entryOf(serial: string) {
    return this.#entries.entryOf(serial);
  }
  latestReferenceOf(serial: string) {
    return this.#entries.latestReferenceOf(serial);
  }

  async latestCheckpoint() {
    const note = await (await this.#bucket.get(LATEST))?.text();
    if (!note) return null;
    return { size: Number(note.split('\n')[1]), note };
  }

  async checkpointAt(size: number) {
    return (await (await this.#bucket.get(checkpointKey(size)))?.text()) ?? null;
  }

  async tile(level: number, index: number) {
    const object = await this.#bucket.get(tileKey(level, index));
    return object ? new Uint8Array(await object.arrayBuffer()) : null;
  }

  async commit(step: LogStep): Promise<void> {
    await Promise.all(step.tiles.map((t) => this.#bucket.put(tileKey(t.level, t.index), t.hashes)));
    await this.#entries.place(step.placed);
    await this.#bucket.put(checkpointKey(step.checkpoint.size), step.checkpoint.note);
    await this.#bucket.put(LATEST, step.checkpoint.note);
  }

  async addCosignatures(size: number, lines: string[]): Promise<void> {
    const note = await this.checkpointAt(size);
    if (!note) return;
    const added = lines.map((l) => `${l.trimEnd()}\n`).filter((l) => !note.includes(l));
    if (added.length === 0) return;
    const cosigned = note + added.join('');
    await this.#bucket.put(checkpointKey(size), cosigned);
    const latest = await this.latestCheckpoint();
    if (latest?.size === size) await this.#bucket.put(LATEST, cosigned);
  }
}
