-- Every change of a job's state, written in the transaction that made it; the webhook dispatcher turns each
-- into deliveries and deletes it (an outbox of job changes).
CREATE TABLE api.job_changes (
    id         bigserial PRIMARY KEY,
    job_id     uuid        NOT NULL,
    status     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- Signing secrets per tenant: the newest signs, older ones keep signing until expires_at (rotation overlap).
CREATE TABLE api.webhook_secrets (
    tenant_id  text        NOT NULL,
    secret     text        NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    expires_at timestamptz,
    PRIMARY KEY (tenant_id, secret)
);

-- Tenant-level endpoints receive the chosen events of every job of the tenant.
CREATE TABLE api.webhook_endpoints (
    id          uuid PRIMARY KEY,
    tenant_id   text        NOT NULL,
    url         text        NOT NULL,
    events      text[]      NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    disabled_at timestamptz,
    disabled_reason text
);
CREATE INDEX webhook_endpoints_tenant ON api.webhook_endpoints (tenant_id);

CREATE TABLE api.webhook_deliveries (
    id              text PRIMARY KEY,
    tenant_id       text        NOT NULL,
    job_id          uuid        NOT NULL,
    endpoint_id     uuid,
    url             text        NOT NULL,
    event_type      text        NOT NULL,
    payload         text        NOT NULL,
    status          text        NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    retry_index     integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    finished_at     timestamptz
);
CREATE INDEX webhook_deliveries_due ON api.webhook_deliveries (next_attempt_at) WHERE status = 'pending';
CREATE INDEX webhook_deliveries_job ON api.webhook_deliveries (job_id);
CREATE INDEX webhook_deliveries_endpoint ON api.webhook_deliveries (endpoint_id);

CREATE TABLE api.webhook_attempts (
    delivery_id   text        NOT NULL REFERENCES api.webhook_deliveries (id),
    attempt       integer     NOT NULL,
    attempted_at  timestamptz NOT NULL,
    status_code   integer,
    latency_ms    integer     NOT NULL,
    response_body text,
    error         text,
    PRIMARY KEY (delivery_id, attempt)
);
