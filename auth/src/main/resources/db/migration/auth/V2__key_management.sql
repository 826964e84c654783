ALTER TABLE auth.api_keys
    ADD COLUMN name       text,
    ADD COLUMN expires_at timestamptz,
    ADD COLUMN limits     jsonb;

CREATE INDEX api_keys_tenant ON auth.api_keys (tenant_id, created_at);
