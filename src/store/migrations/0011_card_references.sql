-- The card as issued: the photo the boutique takes once the card is written, kept privately, and
-- its hashes in the public log.
--
-- The log takes more than one kind of entry: 1 a card issued (one per card), 2 a reference photo
-- recorded (one each time a card's reference is recorded or replaced). The table is rebuilt to
-- hold the kind, since SQLite cannot drop the old one-entry-per-serial rule in place.
CREATE TABLE log_entries_new (
  seq        INTEGER PRIMARY KEY,               -- order of arrival
  serial     TEXT NOT NULL REFERENCES cards (serial),
  kind       INTEGER NOT NULL DEFAULT 1,        -- the entry's first byte: 1 issuance, 2 reference
  entry      TEXT NOT NULL,                     -- hex of the bytes the log publishes
  logged_at  INTEGER NOT NULL,                  -- Unix seconds, as in the entry
  log_index  INTEGER UNIQUE                     -- its place in the log, once sequenced
);
INSERT INTO log_entries_new (seq, serial, kind, entry, logged_at, log_index)
  SELECT seq, serial, 1, entry, logged_at, log_index FROM log_entries;
DROP TABLE log_entries;
ALTER TABLE log_entries_new RENAME TO log_entries;
CREATE UNIQUE INDEX log_entries_issuance ON log_entries (serial) WHERE kind = 1;
CREATE INDEX log_entries_serial ON log_entries (serial, kind);
CREATE INDEX log_entries_pending ON log_entries (seq) WHERE log_index IS NULL;

-- Every reference photo recorded, the replaced ones kept (a court may be shown any of them
-- against its log entry). The current one is the row not yet replaced.
CREATE TABLE card_references (
  id                  INTEGER PRIMARY KEY,
  serial              TEXT NOT NULL REFERENCES cards (serial),
  type                TEXT NOT NULL,               -- image/jpeg, image/png or image/webp
  photo_bytes         INTEGER NOT NULL,            -- the stored photo's length
  photo_sha256        TEXT NOT NULL,               -- hex, as in the log entry
  fingerprint_sha256  TEXT NOT NULL,               -- hex, as in the log entry
  recorded_at         INTEGER NOT NULL,            -- Unix seconds
  recorded_by         TEXT NOT NULL,               -- the staff member or API key
  replaced_at         INTEGER                      -- when a newer photo took its place
);
CREATE UNIQUE INDEX card_references_current ON card_references (serial) WHERE replaced_at IS NULL;

-- The bytes of each reference, in parts (as report photos: a D1 row stays small): the photo as
-- sent with its metadata stripped, and its fingerprint (the card around its code, brought into
-- the code's frame), base64url.
CREATE TABLE card_reference_parts (
  reference_id  INTEGER NOT NULL REFERENCES card_references (id),
  what          TEXT NOT NULL,                     -- 'photo' or 'fingerprint'
  part          INTEGER NOT NULL,
  data          TEXT NOT NULL,
  PRIMARY KEY (reference_id, what, part)
) WITHOUT ROWID;
