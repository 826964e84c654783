package io.inferline.auth.domain;

import io.inferline.contracts.v1.auth.RateLimits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A key as its tenant's admins see it: never the key itself, only its visible prefix. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record KeyInfo(UUID id, @Nullable String name, String prefix, Set<String> scopes, @Nullable RateLimits limits,
                      Instant createdAt, @Nullable Instant expiresAt, @Nullable Instant revokedAt) {
}
