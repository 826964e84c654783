-- The Celery tasks this worker accepted and the jobs they became. A task is one row whatever its broker delivers
-- twice; job_request is fixed when the task arrives, so every resubmission is the same idempotent request.
CREATE TABLE celery.tasks (
    task_id       text        PRIMARY KEY,
    task_name     text        NOT NULL,
    retries       integer     NOT NULL,
    state         text        NOT NULL CHECK (state IN ('scheduled', 'submitting', 'submitted', 'finished')),
    job_request   text        NOT NULL,
    due_at        timestamptz NOT NULL,
    expires_at    timestamptz,
    job_id        uuid        UNIQUE,
    -- the call as it came, for results with result_extended: json (not jsonb) keeps the caller's key order
    args          json        NOT NULL,
    kwargs        json        NOT NULL,
    queue         text,
    group_id      text,
    parent_id     text,
    ignore_result boolean     NOT NULL,
    result_state  text,
    received_at   timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL
);

-- the scheduler: due tasks and tasks left half-submitted
CREATE INDEX tasks_to_submit ON celery.tasks (due_at) WHERE state IN ('scheduled', 'submitting');
-- the reconciler (submitted, no result for long) and the retention sweep (finished)
CREATE INDEX tasks_waiting ON celery.tasks (updated_at) WHERE state IN ('submitted', 'finished');
