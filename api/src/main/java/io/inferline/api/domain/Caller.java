package io.inferline.api.domain;

import io.inferline.contracts.v1.auth.RateLimits;

import java.util.Set;

/** Who is calling: the tenant an API key belongs to, what the key may do, and its own limits (null: none). */
public record Caller(String tenantId, String keyId, Set<String> scopes, RateLimits keyLimits) {

    public Caller(String tenantId, String keyId, Set<String> scopes) {
        this(tenantId, keyId, scopes, null);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope.wireName()) || scopes.contains(Scope.ADMIN.wireName());
    }
}
