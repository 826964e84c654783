ALTER TABLE api.jobs
    ADD COLUMN model_version         text,
    ADD COLUMN routing_reason        text,
    ADD COLUMN priority              text        NOT NULL DEFAULT 'normal',
    ADD COLUMN usage                 jsonb,
    ADD COLUMN metadata              jsonb       NOT NULL DEFAULT '{}',
    ADD COLUMN expires_at            timestamptz,
    ADD COLUMN deadline              timestamptz,
    ADD COLUMN webhook               text,
    ADD COLUMN webhook_events_filter text[];

-- Newest first per tenant: ids are UUIDv7, so id order is creation order and makes a stable cursor.
DROP INDEX api.jobs_tenant_created;
CREATE INDEX jobs_tenant_id ON api.jobs (tenant_id, id DESC);
CREATE INDEX jobs_metadata ON api.jobs USING gin (metadata jsonb_path_ops);
-- The expiry sweep only looks at jobs that can still expire.
CREATE INDEX jobs_open_expiry ON api.jobs (expires_at) WHERE status = 'queued' AND expires_at IS NOT NULL;
CREATE INDEX jobs_open_deadline ON api.jobs (deadline) WHERE status IN ('queued', 'running') AND deadline IS NOT NULL;

-- Idempotency-Key: the first request with a key decides the job; the body's hash tells a replay from a conflict.
CREATE TABLE api.idempotency_keys (
    tenant_id    text        NOT NULL,
    key          text        NOT NULL,
    request_hash text        NOT NULL,
    job_id       uuid        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, key)
);
CREATE INDEX idempotency_keys_created ON api.idempotency_keys (created_at);

-- Transactional outbox: a job and the message that queues it commit together; the relay sends and deletes.
CREATE TABLE api.outbox (
    id         bigserial PRIMARY KEY,
    topic      text        NOT NULL,
    key        text        NOT NULL,
    payload    text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
