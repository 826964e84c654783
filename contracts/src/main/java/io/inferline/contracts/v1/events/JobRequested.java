package io.inferline.contracts.v1.events;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A job accepted by the API, on its pool's topic ({@link Topics#jobRequests(String)}), keyed by job id.
 * {@code backend} names the adapter a worker runs it with; {@code attempt} starts at 1.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobRequested(
        UUID jobId,
        String tenantId,
        String model,
        String backend,
        String pool,
        Map<String, Object> input,
        int attempt,
        Instant requestedAt) {
}
