package io.inferline.api.application.webhooks;

import io.micronaut.core.annotation.Nullable;

import java.util.UUID;

public record NewDelivery(String id, String tenantId, UUID jobId, @Nullable UUID endpointId, String url,
                          String eventType, String payload) {
}
