CREATE TABLE inference.executions (
    job_id        uuid        NOT NULL,
    attempt       integer     NOT NULL,
    status        text        NOT NULL,
    output        jsonb,
    error_type    text,
    error_message text,
    started_at    timestamptz NOT NULL,
    finished_at   timestamptz,
    PRIMARY KEY (job_id, attempt)
);
