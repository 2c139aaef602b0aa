-- The offline revocation list (GET /.well-known/cachet/revocations) names each revoked card by
-- its rid: the first 8 bytes of SHA-256("cachet/rid/v1" || 0x00 || key id || signature), which
-- only a holder of the card can compute. It is kept beside the revocation, hex, so that the list
-- is one ordered read. NULL for a card whose token the registry never kept.
ALTER TABLE revocations ADD COLUMN rid TEXT;
-- (rid, reason): the list is read from this index alone, in rid order.
CREATE INDEX revocations_rid ON revocations (rid, reason) WHERE rid IS NOT NULL;
CREATE INDEX revocations_without_rid ON revocations (serial) WHERE rid IS NULL;
