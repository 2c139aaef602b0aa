-- The recipient's claim on a card. A claim code (printed on the slip in the envelope, or handed on
-- as a transfer code) is kept only as a salted hash; the claim keeps only what the holder chose to
-- show and a hash of her holder secret. No address, no user agent, no name beyond the public one.
--
-- The log takes a third kind of entry: 3 a claim event (claimed, changed, released, voided).
CREATE TABLE claim_codes (
  code_hash   TEXT PRIMARY KEY,                     -- claimCodeHash: salted SHA-256, hex
  serial      TEXT NOT NULL REFERENCES cards (serial),
  via         TEXT NOT NULL CHECK (via IN ('slip', 'transfer')),
  created_at  INTEGER NOT NULL,                     -- Unix seconds
  spent_at    INTEGER                               -- claimed with, or replaced by a newer code
) WITHOUT ROWID;
-- A card waits for one code at a time.
CREATE UNIQUE INDEX claim_codes_waiting ON claim_codes (serial) WHERE spent_at IS NULL;
CREATE INDEX claim_codes_serial ON claim_codes (serial);

CREATE TABLE claims (
  id           TEXT PRIMARY KEY,                    -- the holder secret's first 8 characters
  serial       TEXT NOT NULL REFERENCES cards (serial),
  number       INTEGER NOT NULL,                    -- 1 for the card's first claim, as in the log
  code_hash    TEXT NOT NULL REFERENCES claim_codes (code_hash),
  holder_hash  TEXT NOT NULL,                       -- holderSecretHash, hex
  claimed_at   INTEGER NOT NULL,
  handle       TEXT,                                -- the public name she chose, or NULL
  show_photo   INTEGER NOT NULL DEFAULT 0,
  photo_id     TEXT UNIQUE,                         -- the shown photo's random URL name, or NULL
  changed_at   INTEGER,
  ended_at     INTEGER,
  end_kind     TEXT CHECK (end_kind IN ('released', 'voided')),
  void_reason  TEXT,
  voided_by    TEXT,
  UNIQUE (serial, number)
);
-- A card has one standing claim at most.
CREATE UNIQUE INDEX claims_standing ON claims (serial) WHERE ended_at IS NULL;

-- Attempts on a card that failed (a used code presented again, a wrong holder secret for one of
-- its claims), counted per card in fixed windows: kept in the registry so that the limit holds
-- across processes and isolates. Nothing about who tried.
CREATE TABLE claim_attempts (
  serial        TEXT NOT NULL,
  window_start  INTEGER NOT NULL,                   -- Unix seconds
  count         INTEGER NOT NULL,
  PRIMARY KEY (serial, window_start)
) WITHOUT ROWID;
CREATE INDEX claim_attempts_window ON claim_attempts (window_start);
