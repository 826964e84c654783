CREATE TABLE api.jobs (
    id            uuid PRIMARY KEY,
    tenant_id     text        NOT NULL,
    model         text        NOT NULL,
    pool          text        NOT NULL,
    backend       text        NOT NULL,
    status        text        NOT NULL,
    input         jsonb       NOT NULL,
    output        jsonb,
    error_type    text,
    error_message text,
    attempt       integer     NOT NULL,
    created_at    timestamptz NOT NULL,
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE INDEX jobs_tenant_created ON api.jobs (tenant_id, created_at DESC, id DESC);
