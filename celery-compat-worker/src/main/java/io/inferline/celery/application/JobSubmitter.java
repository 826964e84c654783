package io.inferline.celery.application;

import io.inferline.celery.domain.JobOutcome;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/** The Inferline job API, as this worker uses it. */
public interface JobSubmitter {

    /** How the API answered a submission. */
    sealed interface Submission {
    }

    /** 202 (new job) or 200 (the job submitted earlier with the same key and body). */
    record Accepted(JobOutcome job) implements Submission {
    }

    /** A 4xx that will not change when asked again: the task fails with it. */
    record Refused(int status, String detail) implements Submission {
    }

    /** Not accepted, but might be later: the API is away, overloaded, or does not take the key now. */
    record Unavailable(String reason, Duration retryAfter) implements Submission {
    }

    Submission submit(String idempotencyKey, String jobRequest);

    /** The job as the API has it now; empty if the API does not know it; throws if it cannot be asked. */
    Optional<JobOutcome> find(UUID jobId);
}
