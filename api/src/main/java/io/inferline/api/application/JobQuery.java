package io.inferline.api.application;

import io.inferline.contracts.v1.jobs.JobStatus;

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** Filters of {@code GET /v1/jobs}; every part is optional (null or empty). */
public record JobQuery(
        Set<JobStatus> statuses,
        String model,
        Instant createdAfter,
        Instant createdBefore,
        Map<String, String> metadata,
        UUID after) {

    public JobQuery {
        statuses = statuses == null ? Set.of() : Set.copyOf(statuses);
        metadata = metadata == null ? Map.of() : Map.copyOf(metadata);
    }
}
