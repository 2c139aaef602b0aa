-- Brand legal: staff and their API keys, the audit log, revocation reasons, the token kept for
-- evidence, and a distinct-scanner hash on every scan row.

-- Staff who sign in with an API key (key_hash) or through the brand's identity provider (no key).
CREATE TABLE staff (
  id          TEXT PRIMARY KEY,                         -- stf_ + 12 random base32 characters
  name        TEXT NOT NULL,
  role        TEXT NOT NULL CHECK (role IN ('associate', 'manager', 'legal', 'admin')),
  boutique    INTEGER REFERENCES boutiques (number),    -- associates and managers: their boutique
  key_hash    TEXT UNIQUE,                              -- SHA-256 (hex) of the API key, never the key
  created_at  TEXT NOT NULL,
  disabled_at TEXT
);

-- Every staff action: who, what, when, and how it ended (the HTTP status).
CREATE TABLE audit_log (
  id      INTEGER PRIMARY KEY AUTOINCREMENT,
  at      TEXT NOT NULL,
  actor   TEXT NOT NULL,                  -- staff id, oidc:<subject>, or cli:<user>
  role    TEXT NOT NULL,
  action  TEXT NOT NULL,                  -- e.g. card.revoke
  target  TEXT NOT NULL DEFAULT '',       -- a serial, a staff id, a boutique code
  outcome INTEGER NOT NULL,               -- the HTTP status, or 0 for the CLI
  detail  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_by_target ON audit_log (target, at);

-- The key of the distinct-scanner hash: random, one per UTC day, deleted once its day is over.
CREATE TABLE scanner_keys (
  day TEXT PRIMARY KEY,                   -- YYYY-MM-DD
  key TEXT NOT NULL                       -- 32 random bytes, hex
) WITHOUT ROWID;

-- Revocations get a reason from a fixed list (public) and a free-text note (staff only).
ALTER TABLE revocations ADD COLUMN note TEXT NOT NULL DEFAULT '';
ALTER TABLE revocations ADD COLUMN revoked_by TEXT NOT NULL DEFAULT '';
UPDATE revocations SET note = reason, reason = 'other'
  WHERE reason NOT IN ('counterfeit', 'lost-or-stolen', 'issued-in-error', 'client-request',
                       'key-compromise', 'other');

-- The token as minted, so evidence can verify the signature again. Public data: it is printed.
ALTER TABLE cards ADD COLUMN token TEXT;
CREATE INDEX cards_by_date ON cards (issued);

-- Scans gain the distinct-scanner hash: HMAC-SHA256(day key, ip ‖ user agent ‖ serial), cut to
-- 16 bytes, '' where there was no client (the CLI). Rows from before keep ''.
CREATE TABLE scans_v3 (
  serial  TEXT NOT NULL,
  minute  TEXT NOT NULL,
  channel TEXT NOT NULL,                 -- page | api | image | serial
  country TEXT NOT NULL DEFAULT '',
  scanner TEXT NOT NULL DEFAULT '',
  count   INTEGER NOT NULL,
  PRIMARY KEY (serial, minute, channel, country, scanner)
) WITHOUT ROWID;
INSERT INTO scans_v3 (serial, minute, channel, country, scanner, count)
  SELECT serial, minute, channel, country, '', count FROM scans;
DROP TABLE scans;
ALTER TABLE scans_v3 RENAME TO scans;
