-- Cited checks: a journalist's permanent link to a verdict as it was (/cite/<id>). Each holds the
-- card token's digits (public: they are in the card's QR code) and the signed receipt of the
-- check, nothing about who asked.
CREATE TABLE citations (
  id         TEXT PRIMARY KEY,   -- 16 random base32 characters
  token      TEXT NOT NULL,
  receipt    TEXT NOT NULL,      -- compact JWS, typ cachet-receipt+jws
  created_at TEXT NOT NULL
) WITHOUT ROWID;
