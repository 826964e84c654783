package io.inferline.api.domain;

import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A job as the API stores it (and caches it). */
@Serdeable
public record Job(
        UUID id,
        String tenantId,
        String model,
        String pool,
        String backend,
        JobStatus status,
        Map<String, Object> input,
        @Nullable Map<String, Object> output,
        @Nullable JobError error,
        int attempt,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt) {

    public static Job queued(UUID id, String tenantId, JobSubmission submission, ModelRoute route, Instant now) {
        return new Job(id, tenantId, submission.model(), route.pool(), route.backend(), JobStatus.QUEUED,
                submission.input(), null, null, 1, now, null, null);
    }
}
