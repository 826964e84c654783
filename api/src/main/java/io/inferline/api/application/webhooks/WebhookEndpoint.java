package io.inferline.api.application.webhooks;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A tenant's endpoint that receives the chosen events of all its jobs. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record WebhookEndpoint(UUID id, String url, List<String> events, Instant createdAt,
                              @Nullable Instant disabledAt, @Nullable String disabledReason) {

    public boolean enabled() {
        return disabledAt == null;
    }
}
