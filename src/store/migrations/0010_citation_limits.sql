-- A check is cited once a day: the same card code with the same verdict and warnings, cited again
-- the same UTC day, is the same citation. `fingerprint` is the SHA-256 of what makes it the same
-- (day, origin, code, verdict, warnings); citations made before it have none.
ALTER TABLE citations ADD COLUMN fingerprint TEXT;
CREATE UNIQUE INDEX citations_by_fingerprint ON citations (fingerprint);

-- New citations per client network and UTC day, so one network cannot fill the disk. `network`
-- is an HMAC of the network under that day's scanner key, which is deleted when the day ends;
-- the rows of a past day are deleted by the next citation.
CREATE TABLE citation_quota (
  day     TEXT NOT NULL,      -- YYYY-MM-DD, UTC
  network TEXT NOT NULL,
  count   INTEGER NOT NULL,
  PRIMARY KEY (day, network)
) WITHOUT ROWID;
