package io.inferline.api.application;

import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.events.JobEvent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The source of truth for jobs. */
public interface JobStore {

    /**
     * Stores the job and queues its request in one transaction: once this returns {@link Acceptance.Accepted},
     * the job will reach the workers even if this process dies at once. With an idempotency claim, a key seen
     * before returns the job it created instead ({@link Acceptance.Replayed}), or {@link Acceptance.KeyReused}
     * when that job was created from a different request.
     */
    Acceptance accept(Job job, IdempotencyClaim claim);

    Optional<Job> find(String tenantId, UUID id);

    /** Newest first, after the cursor's job when given. */
    List<Job> list(String tenantId, JobQuery query, int limit);

    /** Applies the event if it moves the job forward; returns the job as stored afterwards, if it exists. */
    Optional<Job> apply(JobEvent event);

    /** Cancels the job if it is queued or running; returns it as stored afterwards, if it exists. */
    Optional<Job> cancel(String tenantId, UUID id, Instant at);

    /** Expires queued jobs past their ttl and open jobs past their deadline; returns the jobs it expired. */
    List<Job> expireOverdue(Instant now);

    /** Forgets idempotency keys created before {@code cutoff}. */
    int forgetIdempotencyKeys(Instant cutoff);

    /** A key the caller sent with a submission, and the hash of what was submitted. */
    record IdempotencyClaim(String key, String requestHash) {
    }

    sealed interface Acceptance {
        record Accepted(Job job) implements Acceptance {
        }

        record Replayed(Job job) implements Acceptance {
        }

        record KeyReused() implements Acceptance {
        }
    }
}
