package io.inferline.api.domain;

import io.inferline.contracts.v1.auth.RateLimits;

import java.util.Set;

/**
 * Who is calling: the tenant, the API key ({@code keyId} its id) or user ({@code user:<id>}, from an access token),
 * what it may do, and the key's own limits (null: none; the tenant's limits apply).
 */
public record Caller(String tenantId, String keyId, Set<String> scopes, RateLimits keyLimits) {

    public static final String USER_PREFIX = "user:";

    public Caller(String tenantId, String keyId, Set<String> scopes) {
        this(tenantId, keyId, scopes, null);
    }

    public boolean may(Scope scope) {
        return scopes.contains(scope.wireName()) || scopes.contains(Scope.ADMIN.wireName());
    }
}
