-- Idempotent minting: a campaign row (or an API request's Idempotency-Key) names its card by a
-- key, so running the same batch again, even after a crash, finds the card instead of minting
-- a second one. NULL for cards minted one at a time without a key.
ALTER TABLE cards ADD COLUMN mint_key TEXT;
CREATE UNIQUE INDEX cards_by_mint_key ON cards (mint_key) WHERE mint_key IS NOT NULL;
