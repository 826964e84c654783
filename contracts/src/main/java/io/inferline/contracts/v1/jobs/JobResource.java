package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** A job as {@code GET /v1/jobs/{id}} returns it. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobResource(
        UUID id,
        String object,
        JobStatus status,
        String model,
        @Nullable String routedModel,
        @Nullable String modelVersion,
        Priority priority,
        Map<String, Object> input,
        @Nullable Map<String, Object> output,
        @Nullable Usage usage,
        @Nullable JobError error,
        Map<String, String> metadata,
        @Nullable String routingReason,
        int attempt,
        Instant createdAt,
        @Nullable Instant startedAt,
        @Nullable Instant finishedAt,
        @Nullable Instant expiresAt,
        @Nullable Instant deadline,
        @Nullable String webhook,
        @Nullable List<String> webhookEventsFilter,
        Links links) {

    public static final String OBJECT = "job";

    @Serdeable
    public record Links(String self, String cancel, String events) {
        public static Links of(UUID id) {
            String self = "/v1/jobs/" + id;
            return new Links(self, self + "/cancel", self + "/events");
        }
    }
}
