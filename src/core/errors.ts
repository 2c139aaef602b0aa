// Cachet's one error class: a closed set of stable codes, and messages that name what was wrong.

/** Every code a Cachet error can carry. Codes are stable: clients and tests match on them. */
export type ErrorCode =
  // The text or bytes are not a CT1 token (verdict `malformed`).
  | 'ERR_TOKEN_EMPTY'
  | 'ERR_TOKEN_CHARACTERS'
  | 'ERR_TOKEN_WIDTH'
  | 'ERR_TOKEN_OVERFLOW'
  | 'ERR_TOKEN_VERSION'
  | 'ERR_TOKEN_LENGTH'
  | 'ERR_TOKEN_FLAGS'
  | 'ERR_TOKEN_OCCASION'
  // Other input that does not parse.
  | 'ERR_SERIAL_TEXT'
  | 'ERR_DATE_TEXT'
  // A card dated further ahead than minting allows without being asked for explicitly.
  | 'ERR_DATE_FAR_AHEAD'
  | 'ERR_URL'
  // Keys.
  | 'ERR_KEY_INVALID'
  | 'ERR_KEY_NOT_FOUND'
  | 'ERR_NO_SIGNING_KEY'
  | 'ERR_KEY_NOT_VALID_FOR_DATE'
  // Registry.
  | 'ERR_NOT_FOUND'
  | 'ERR_CONFLICT'
  | 'ERR_ALREADY_REVOKED'
  | 'ERR_SERIAL_UNKNOWN'
  // Images sent to be read.
  | 'ERR_IMAGE_TOO_LARGE'
  | 'ERR_IMAGE_TYPE'
  | 'ERR_IMAGE_UNREADABLE'
  // Every image reader is busy: try again shortly (503, Retry-After).
  | 'ERR_IMAGE_BUSY'
  // Staff access.
  | 'ERR_UNAUTHENTICATED'
  | 'ERR_FORBIDDEN'
  // The identity provider does not give its keys: staff sign-in with a key not yet known waits
  // (503, Retry-After).
  | 'ERR_PROVIDER_UNAVAILABLE'
  // Receipts.
  | 'ERR_RECEIPT_INVALID'
  | 'ERR_NO_RECEIPT_KEY'
  // Requests and misuse.
  | 'ERR_BODY_TOO_LARGE'
  | 'ERR_RATE_LIMITED'
  | 'ERR_INVALID_ARGUMENT'
  | 'ERR_URI_TOO_LONG'
  | 'ERR_NOT_AVAILABLE'
  | 'ERR_SETTING'
  // A server with no public key to check a card against.
  | 'ERR_NO_KEYS'
  // The issuance log: a note, checkpoint, proof, tile or entry that does not parse, and a
  // signature or proof that does not verify.
  | 'ERR_LOG_FORMAT'
  | 'ERR_LOG_SIGNATURE'
  | 'ERR_LOG_PROOF'
  // A trust bundle that does not verify, or is past its `exp`.
  | 'ERR_TRUST_INVALID'
  | 'ERR_TRUST_STALE'
  // Claims: a typed code with a typo, a code no card waits for, a card claimed already, a holder
  // secret that does not hold.
  | 'ERR_CLAIM_CODE'
  | 'ERR_CLAIM_UNKNOWN'
  | 'ERR_CLAIM_TAKEN'
  | 'ERR_HOLDER_SECRET'
  // Durability: a backup that is incomplete or altered, a wrong passphrase for its keys, a
  // registry that fails its consistency check, a disk too full to take a write.
  | 'ERR_BACKUP'
  | 'ERR_PASSPHRASE'
  | 'ERR_REGISTRY_DAMAGED'
  | 'ERR_DISK_FULL'
  | 'ERR_INTERNAL';

/** The error every Cachet library function throws for misuse or broken input. */
export class CachetError extends Error {
  override readonly name = 'CachetError';
  readonly code: ErrorCode;
  /**
   * What the error is about, when a code alone does not say (`ERR_NOT_FOUND` of a boutique or of
   * an associate): the CLI and the pages add their own way out by it. Messages carry none.
   */
  readonly subject: ErrorSubject | undefined;
  /** For a refusal that passes: in how many seconds asking again can succeed (Retry-After). */
  readonly retryAfter: number | undefined;

  constructor(
    code: ErrorCode,
    message: string,
    options?: { cause?: unknown; subject?: ErrorSubject; retryAfter?: number },
  ) {
    super(message, options);
    this.code = code;
    this.subject = options?.subject;
    this.retryAfter = options?.retryAfter;
  }
}

/** The things of the registry an error can be about. */
export type ErrorSubject = 'boutique' | 'associate' | 'card' | 'staff';

/** True when `error` is a CachetError, optionally with the given code. */
export function isCachetError(error: unknown, code?: ErrorCode): error is CachetError {
  return error instanceof CachetError && (code === undefined || error.code === code);
}

const STATUS: Partial<Record<ErrorCode, number>> = {
  ERR_URI_TOO_LONG: 414,
  ERR_NOT_FOUND: 404,
  ERR_CONFLICT: 409,
  ERR_CLAIM_UNKNOWN: 404,
  ERR_CLAIM_TAKEN: 409,
  ERR_HOLDER_SECRET: 403,
  ERR_ALREADY_REVOKED: 409,
  ERR_SERIAL_UNKNOWN: 404,
  ERR_IMAGE_TOO_LARGE: 413,
  ERR_IMAGE_TYPE: 415,
  ERR_IMAGE_UNREADABLE: 422,
  ERR_IMAGE_BUSY: 503,
  ERR_RATE_LIMITED: 429,
  ERR_UNAUTHENTICATED: 401,
  ERR_FORBIDDEN: 403,
  ERR_PROVIDER_UNAVAILABLE: 503,
  ERR_BODY_TOO_LARGE: 413,
  ERR_NO_RECEIPT_KEY: 503,
  ERR_NO_SIGNING_KEY: 503,
  ERR_NO_KEYS: 503,
  ERR_INTERNAL: 500,
  // RFC 4918 §11.5: the server cannot store what the request needs; verifying still answers.
  ERR_DISK_FULL: 507,
  ERR_NOT_AVAILABLE: 501,
};

/**
 * The outcome a code stands for, as an HTTP status: what the API answers, and what the audit log
 * records for the same failure from the CLI. 400 unless the code says otherwise.
 */
export function statusOf(code: ErrorCode): number {
  return STATUS[code] ?? 400;
}
