-- Identity-provider sign-ins cut off by the brand, as a disabled API key is: a token for one of
-- these (its issuer and subject) is refused at its next request, however long before it expires.
-- Enabling the identity again deletes its row; the audit log keeps both actions.
CREATE TABLE disabled_identities (
  issuer      TEXT NOT NULL,               -- the token's "iss", exactly as the provider writes it
  subject     TEXT NOT NULL,               -- its "sub": 1 to 255 characters
  disabled_at TEXT NOT NULL,               -- ISO 8601
  disabled_by TEXT NOT NULL,               -- the staff id, oidc:<subject> or cli:<user>
  PRIMARY KEY (issuer, subject)
) WITHOUT ROWID;
