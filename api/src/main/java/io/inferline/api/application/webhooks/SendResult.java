package io.inferline.api.application.webhooks;

import io.micronaut.core.annotation.Nullable;

import java.time.Duration;

/**
 * What came of one attempt: the receiver's status (null when nothing was answered), its {@code Retry-After},
 * the start of its body, the latency, and an error when the request failed or was refused before sending.
 */
public record SendResult(@Nullable Integer statusCode, @Nullable Duration retryAfter, @Nullable String body,
                         long latencyMillis, @Nullable String error, boolean refused) {

    public boolean delivered() {
        return statusCode != null && statusCode >= 200 && statusCode < 300;
    }
}
