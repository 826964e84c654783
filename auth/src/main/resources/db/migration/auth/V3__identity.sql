-- Users log in with a password (Argon2id, PHC string); a disabled user can neither log in nor refresh.
ALTER TABLE auth.users
    ADD COLUMN password_hash text,
    ADD COLUMN disabled_at   timestamptz;

CREATE INDEX users_tenant ON auth.users (tenant_id, created_at);

-- ES256 signing keys as JWKs. The newest unretired key signs; a retired key stays in the JWKS until
-- removed_after (its retirement plus the access-token lifetime), so tokens it signed keep verifying until they expire.
CREATE TABLE auth.signing_keys (
    kid           text PRIMARY KEY,
    private_jwk   text        NOT NULL,
    public_jwk    text        NOT NULL,
    created_at    timestamptz NOT NULL,
    retired_at    timestamptz,
    removed_after timestamptz
);

-- Refresh tokens are opaque and stored only as their SHA-256. Each refresh rotates the token within its family;
-- presenting a rotated token again is reuse (a stolen copy), and revokes the whole family.
CREATE TABLE auth.refresh_tokens (
    id         uuid PRIMARY KEY,
    family_id  uuid        NOT NULL,
    user_id    uuid        NOT NULL REFERENCES auth.users (id),
    sha256     text        NOT NULL UNIQUE,
    issued_at  timestamptz NOT NULL,
    expires_at timestamptz NOT NULL,
    rotated_at timestamptz,
    revoked_at timestamptz
);

CREATE INDEX refresh_tokens_family ON auth.refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user ON auth.refresh_tokens (user_id);

-- Who did what, for the tenant's admins. Never a password, key or token: only ids, emails, prefixes, roles.
CREATE TABLE auth.audit_log (
    id        uuid PRIMARY KEY,
    tenant_id uuid REFERENCES auth.tenants (id),
    at        timestamptz NOT NULL,
    actor     text,
    action    text        NOT NULL,
    target    text,
    details   jsonb
);

CREATE INDEX audit_log_tenant ON auth.audit_log (tenant_id, at DESC);
