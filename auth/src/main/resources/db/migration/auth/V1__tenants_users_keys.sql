CREATE TABLE auth.tenants (
    id         uuid PRIMARY KEY,
    name       text        NOT NULL UNIQUE,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Passwords and login arrive with the identity issue; until then an admin is a named owner of the tenant.
CREATE TABLE auth.users (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES auth.tenants (id),
    email      text        NOT NULL UNIQUE,
    role       text        NOT NULL CHECK (role IN ('admin', 'member', 'viewer')),
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A key is stored only as its SHA-256; the prefix is what people see to tell keys apart.
CREATE TABLE auth.api_keys (
    id         uuid PRIMARY KEY,
    tenant_id  uuid        NOT NULL REFERENCES auth.tenants (id),
    prefix     text        NOT NULL,
    sha256     text        NOT NULL UNIQUE,
    scopes     text[]      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    revoked_at timestamptz
);
