-- How often each card was checked: counts per minute, channel and country. No IP address, no
-- user agent, no image: nothing that points at the person who scanned.
CREATE TABLE scans (
  serial  TEXT NOT NULL,             -- 16 hex digits, as signed (the card may be unregistered)
  minute  TEXT NOT NULL,             -- YYYY-MM-DDTHH:MM, UTC
  channel TEXT NOT NULL,             -- page | api
  country TEXT NOT NULL DEFAULT '',  -- ISO 3166-1 alpha-2 from the edge (CF-IPCountry), or ''
  count   INTEGER NOT NULL,
  PRIMARY KEY (serial, minute, channel, country)
) WITHOUT ROWID;
