package io.inferline.api.application.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A delivery as the delivery log shows it, with every attempt. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record DeliveryLog(String id, UUID jobId, @Nullable UUID endpointId, String url, String eventType,
                          String status, Instant createdAt, @Nullable Instant nextAttemptAt,
                          @Nullable Instant finishedAt, List<Attempt> attempts) {

    /** One try: what the receiver answered (or why nothing was sent), how long it took, and what it said. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Attempt(int attempt, Instant attemptedAt, @Nullable Integer statusCode, long latencyMs,
                          @Nullable String responseBody, @Nullable String error) {
    }
}
