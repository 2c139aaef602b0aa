-- Distinct scanners of a card's open day, from the shards of its scan aggregator: each shard's
-- HyperLogLog sketch of the day's scanner hashes (3 bytes a scanner, 16 KiB at most), replaced
-- at each of its flushes and merged into scan_days' estimate. A sketch is deleted when its day ends, with the
-- day's key: nothing derived from a scanner's hash outlives the day.
CREATE TABLE scan_sketches (
  serial    TEXT NOT NULL,
  day       TEXT NOT NULL,               -- YYYY-MM-DD, UTC
  shard     INTEGER NOT NULL,
  registers BLOB NOT NULL,               -- src/core/scan-sketch.ts
  PRIMARY KEY (serial, day, shard)
) WITHOUT ROWID;

-- The last flush each aggregator wrote: a flush retried after its answer was lost is skipped,
-- so its counts are added once.
CREATE TABLE scan_flushes (
  aggregator TEXT PRIMARY KEY,           -- "<serial>:<shard>"
  seq        INTEGER NOT NULL
) WITHOUT ROWID;
