package io.inferline.contracts.v1.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

/** Limits of an API key or a tenant; a null limit is no limit at this level. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record RateLimits(@Nullable Integer requestsPerMinute, @Nullable Integer tokensPerMinute,
                         @Nullable Integer concurrentJobs) {
}
