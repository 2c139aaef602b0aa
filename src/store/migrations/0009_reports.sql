-- Reports of suspected fakes, from the public (/report), read and closed by legal. A report
-- holds what the reporter chose to say; nothing about their connection. Its photo, stripped of
-- metadata, is kept as base64 in parts of at most 512 KiB (D1 caps a row at 2 MB).
CREATE TABLE reports (
  id           TEXT PRIMARY KEY,   -- 12 random base32 characters, shown as R-XXXX-XXXX-XXXX
  created_at   TEXT NOT NULL,
  lang         TEXT NOT NULL,
  code         TEXT,               -- what the QR code held, if the report came from one
  verdict      TEXT,               -- that code's verdict when reported
  serial       TEXT,               -- the serial (hex) the code names, genuine or not
  place        TEXT NOT NULL,      -- online-shop, social-media, shop, offered, other
  seen_where   TEXT NOT NULL,      -- a link, a marketplace, a city
  seen_on      TEXT,
  details      TEXT NOT NULL,
  contact      TEXT,
  photo_type   TEXT,
  photo_bytes  INTEGER,
  card_serial  TEXT REFERENCES cards (serial),   -- the card it is about
  linked_by    TEXT,               -- who linked it: a staff id, or 'code' for a genuine code
  status       TEXT NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
  outcome      TEXT,
  outcome_note TEXT,
  closed_at    TEXT,
  closed_by    TEXT
) WITHOUT ROWID;
CREATE INDEX reports_by_status ON reports (status, created_at);
CREATE INDEX reports_by_card ON reports (card_serial, created_at);

CREATE TABLE report_photos (
  report_id TEXT NOT NULL REFERENCES reports (id),
  part      INTEGER NOT NULL,
  data      TEXT NOT NULL,
  PRIMARY KEY (report_id, part)
) WITHOUT ROWID;
