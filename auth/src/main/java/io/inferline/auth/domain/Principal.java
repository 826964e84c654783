package io.inferline.auth.domain;

import io.inferline.access.Roles;

import java.util.Set;
import java.util.UUID;

/**
 * Who calls auth: a user (by access token, {@code actor} {@code user:<id>}) or an API key ({@code key:<id>}), of one
 * tenant, with the scopes the credential grants.
 */
public record Principal(UUID tenantId, String actor, Set<String> scopes) {

    public boolean isAdmin() {
        return scopes.contains(Roles.ADMIN_SCOPE);
    }
}
