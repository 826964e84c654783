package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * {@code GET /v1/overview}: the caller's tenant over the last {@code windowSeconds}: jobs created by their status
 * now, jobs submitted and finished per minute, submit-to-final latency percentiles of the jobs that finished, and
 * the jobs waiting in each worker pool's queue (null: not measured now).
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobOverview(long windowSeconds, Map<String, Long> byStatus, List<Minute> perMinute, Latency latencyMs,
                          Map<String, Long> queueLag) {

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Minute(Instant minute, long submitted, long finished) {
    }

    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Latency(@Nullable Double p50, @Nullable Double p95, @Nullable Double p99) {
    }
}
