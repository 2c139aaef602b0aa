// The recipients' claims (0012_claims.sql), over the SqlDb port: claim codes kept as salted
// hashes, claims with what their holders chose to show, and each change with its 0x03 log entry
// in the same transaction.
import {
  CachetError,
  fromHex,
  toHex,
  type ClaimCodeRecord,
  type ClaimEnd,
  type ClaimRecord,
  type ClaimStore,
  type NewClaim,
} from '../core/index.js';
import type { SqlDb } from './sql-db.js';

const SALT_SETTING = 'claim-code-salt';

/** The claims of a registry over any engine that speaks the SqlDb port. */
export class SqlClaimStore implements ClaimStore {
  readonly sql: SqlDb;
  #salt: Uint8Array | undefined;

  constructor(sql: SqlDb) {
    this.sql = sql;
  }

  async claimSalt(): Promise<Uint8Array> {
    if (this.#salt) return this.#salt;
    // The first process to ask makes it; any other keeps the one that went in first.
    await this.sql.run(
      'INSERT INTO settings (name, value) VALUES (?, ?) ON CONFLICT (name) DO NOTHING',
      SALT_SETTING,
      toHex(crypto.getRandomValues(new Uint8Array(16))),
    );
    const row = await this.sql.first<{ value: string }>(
      'SELECT value FROM settings WHERE name = ?',
      SALT_SETTING,
    );
    return (this.#salt = fromHex(row!.value));
  }

  findCode(_codeHash: string): Promise<ClaimCodeRecord | null> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  findClaim(_id: string): Promise<(ClaimRecord & { holderHash: string }) | null> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  currentClaim(_serial: string): Promise<ClaimRecord | null> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  claimHistory(_serial: string): Promise<ClaimRecord[]> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  findShownPhoto(_photoId: string): Promise<{ serial: string } | null> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  addClaim(_claim: NewClaim): Promise<boolean> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  changeClaim(
    _id: string,
    _change: { handle: string | null; showPhoto: boolean; photoId: string | null; at: number },
    _logEntry: Uint8Array,
  ): Promise<void> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
  endClaim(
    _id: string,
    _end: { end: ClaimEnd; at: number; transferCodeHash?: string; reason?: string; by?: string },
    _logEntry: Uint8Array,
  ): Promise<boolean> {
    throw new CachetError('ERR_NOT_AVAILABLE', 'claims are not written yet');
  }
}
