-- Once a UTC day is over, its per-scanner rows fold into per-day counts: the distinct-scanner
-- hashes of that day are deleted, and what legal's signals need of them stays here.
CREATE TABLE scan_days (
  serial   TEXT NOT NULL,
  day      TEXT NOT NULL,                -- YYYY-MM-DD, UTC
  scanners INTEGER NOT NULL,             -- distinct scanners that day
  PRIMARY KEY (serial, day)
) WITHOUT ROWID;
