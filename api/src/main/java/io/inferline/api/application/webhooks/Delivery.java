package io.inferline.api.application.webhooks;

import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/**
 * One message to one URL. Its {@code id} is the {@code webhook-id} header, the same on every attempt and on
 * replay, so receivers can deduplicate. {@code retryIndex} is the position in the retry schedule.
 */
public record Delivery(String id, String tenantId, UUID jobId, @Nullable UUID endpointId, String url,
                       String eventType, String payload, int attempts, int retryIndex) {
}
