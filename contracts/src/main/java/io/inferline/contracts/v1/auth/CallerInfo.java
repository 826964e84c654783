package io.inferline.contracts.v1.auth;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.Set;

/** {@code GET /v1/me}: who the credentials belong to and what they may do. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record CallerInfo(String tenant, @Nullable String keyId, Set<String> scopes) {
}
