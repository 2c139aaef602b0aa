-- The registry: boutiques, associates, cards and revocations.
-- Shared by better-sqlite3 (applied at start) and D1 (wrangler d1 migrations apply).

CREATE TABLE boutiques (
  number     INTEGER PRIMARY KEY CHECK (number BETWEEN 0 AND 65535),
  code       TEXT NOT NULL UNIQUE COLLATE NOCASE,
  name       TEXT NOT NULL,
  city       TEXT NOT NULL,
  country    TEXT NOT NULL CHECK (length(country) = 2),
  created_at TEXT NOT NULL
);

CREATE TABLE associates (
  number       INTEGER PRIMARY KEY CHECK (number BETWEEN 0 AND 16777215),
  boutique     INTEGER NOT NULL REFERENCES boutiques (number),
  display_name TEXT NOT NULL,
  created_at   TEXT NOT NULL
);

CREATE TABLE cards (
  serial     TEXT PRIMARY KEY CHECK (length(serial) = 16), -- 64 bits, lower-case hex
  kid        TEXT NOT NULL,                                -- full RFC 7638 thumbprint
  issued     INTEGER NOT NULL,                             -- days since 2000-01-01 UTC
  boutique   INTEGER NOT NULL REFERENCES boutiques (number),
  associate  INTEGER NOT NULL REFERENCES associates (number),
  occasion   INTEGER NOT NULL,
  addressee  TEXT,                                         -- hex commitment, or NULL
  client_ref TEXT,                                         -- opaque CRM reference: legal only, never public
  minted_at  TEXT NOT NULL
) WITHOUT ROWID; -- looked up by serial on every verification: one B-tree search, not two

CREATE INDEX cards_by_boutique_date ON cards (boutique, issued);

CREATE TABLE revocations (
  serial     TEXT PRIMARY KEY REFERENCES cards (serial),
  revoked_at TEXT NOT NULL,
  reason     TEXT NOT NULL
) WITHOUT ROWID;

CREATE TABLE settings (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
);
