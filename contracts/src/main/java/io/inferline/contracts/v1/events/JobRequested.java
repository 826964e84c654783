package io.inferline.contracts.v1.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.inferline.contracts.v1.jobs.Priority;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job accepted by the API, on the topic of its pool and priority lane ({@link Topics#jobRequests}), keyed by job id.
 * {@code backend} names the adapter a worker runs it with; {@code attempt} starts at 1. A worker does not start
 * a job after {@code expiresAt} and does not let it run past {@code deadline}; both are optional.
 * {@code modelVersion} is the version routing chose (absent in requests queued before it was carried).
 * {@code metadata} is the caller's job metadata, passed on to the job's events (absent in requests queued before it
 * was carried).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobRequested(
        UUID jobId,
        String tenantId,
        String model,
        String backend,
        String pool,
        Priority priority,
        Map<String, Object> input,
        int attempt,
        Instant requestedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant deadline,
        @Nullable String modelVersion,
        @JsonInclude(JsonInclude.Include.ALWAYS) @Nullable Map<String, String> metadata) {
}
