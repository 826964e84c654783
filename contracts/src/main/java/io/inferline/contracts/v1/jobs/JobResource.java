package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/** A job as {@code GET /v1/jobs/{id}} returns it. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobResource(
        UUID id,
        String object,
        JobStatus status,
        String model,
        Map<String, Object> input,
        @Nullable Map<String, Object> output,
        @Nullable JobError error,
        int attempt,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        Links links) {

    public static final String OBJECT = "job";

    @Serdeable
    public record Links(String self) {
        public static Links of(UUID id) {
            return new Links("/v1/jobs/" + id);
        }
    }
}
