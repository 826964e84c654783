package io.inferline.auth.domain;

import io.inferline.contracts.v1.auth.RateLimits;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** A key that works now: not revoked, not expired. {@code limits} and {@code expiresAt} may be null. */
public record ActiveKey(UUID id, UUID tenantId, String sha256, Set<String> scopes, RateLimits limits,
                        Instant expiresAt) {

    public boolean may(String scope) {
        return scopes.contains(scope) || scopes.contains(ApiKeys.ADMIN);
    }
}
