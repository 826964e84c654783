-- The model registry: one row per model, alias or tenant policy; the source of truth behind the compacted
-- registry topic. body is the entry's JSON as published (contracts v1.models).
CREATE TABLE registry.entries (
    kind       text        NOT NULL CHECK (kind IN ('model', 'alias', 'tenant-policy')),
    name       text        NOT NULL,
    revision   bigint      NOT NULL,
    body       text        NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (kind, name)
);
