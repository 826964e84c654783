-- true: private_jwk holds base64(IV || AES-256-GCM ciphertext) under INFERLINE_AUTH_KEY_ENCRYPTION_KEY.
-- Rows from before are plain JWKs; auth encrypts them on its next start with the key set.
ALTER TABLE auth.signing_keys ADD COLUMN encrypted boolean NOT NULL DEFAULT false;
