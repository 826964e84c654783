package io.inferline.access;

import java.time.Instant;
import java.util.Set;

/**
 * A verified access JWT from {@code auth}: the user ({@code sub}), the tenant, the roles, and the scopes the
 * request may use (those the token names that its roles also grant).
 */
public record AccessToken(String subject, String tenantId, Set<String> roles, Set<String> scopes, Instant issuedAt,
                          Instant expiresAt) {

    public boolean may(String scope) {
        return scopes.contains(scope) || scopes.contains(Roles.ADMIN_SCOPE);
    }
}
