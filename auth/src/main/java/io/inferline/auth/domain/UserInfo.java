package io.inferline.auth.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.UUID;

/** A user as the tenant's admins see it: never the password hash. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record UserInfo(UUID id, String email, String role, Instant createdAt, @Nullable Instant disabledAt) {
}
