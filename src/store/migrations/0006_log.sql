-- The public issuance log (c2sp.org/tlog-tiles). Each registered card gets its 47-byte entry in
-- the transaction that registers it; the sequencer, the log's one writer, then gives pending
-- entries their place in the log, extends the tiles and signs a checkpoint. The serial column
-- is the registry's own link from a card to its entry: the public log never shows it.
CREATE TABLE log_entries (
  seq        INTEGER PRIMARY KEY,               -- order of arrival
  serial     TEXT NOT NULL UNIQUE REFERENCES cards (serial),
  entry      TEXT NOT NULL,                     -- hex of the 47 bytes the log publishes
  logged_at  INTEGER NOT NULL,                  -- Unix seconds, as in the entry
  log_index  INTEGER UNIQUE                     -- its place in the log, once sequenced
);
CREATE INDEX log_entries_pending ON log_entries (seq) WHERE log_index IS NULL;

-- Tiles of hashes, 256 wide: level 0 holds leaf hashes, level n the heads of full tiles below.
-- A tile only grows; once 256 wide it never changes.
CREATE TABLE log_tiles (
  level   INTEGER NOT NULL,
  idx     INTEGER NOT NULL,
  hashes  TEXT NOT NULL,                        -- hex, 32 bytes a hash
  PRIMARY KEY (level, idx)
) WITHOUT ROWID;

-- Every checkpoint the log signed, kept: a monitor or a court may ask for any of them, with
-- the cosignature lines its witnesses returned (c2sp.org/tlog-witness).
CREATE TABLE log_checkpoints (
  size          INTEGER PRIMARY KEY,
  note          TEXT NOT NULL,
  signed_at     TEXT NOT NULL,
  cosignatures  TEXT NOT NULL DEFAULT ''
);
