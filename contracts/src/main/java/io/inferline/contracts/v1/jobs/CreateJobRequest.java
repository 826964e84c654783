package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Body of {@code POST /v1/jobs}: which model to run and its input; optionally how urgent it is, how long it may
 * wait ({@code ttlSeconds}) or take in all ({@code deadline}), where to report it, and the caller's metadata.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CreateJobRequest(
        String model,
        Map<String, Object> input,
        @Nullable Priority priority,
        @Nullable Integer ttlSeconds,
        @Nullable Instant deadline,
        @Nullable String webhook,
        @Nullable List<String> webhookEventsFilter,
        @Nullable Map<String, String> metadata) {
}
