package io.inferline.auth.domain;

import io.inferline.access.Roles;

import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * Who calls auth: a user (by access token, {@code actor} {@code user:<id>}) or an API key ({@code key:<id>}), of one
 * tenant, with the scopes the credential grants.
 */
public record Principal(UUID tenantId, String actor, Set<String> scopes) {

    private static final String USER = "user:";

    public boolean isAdmin() {
        return scopes.contains(Roles.ADMIN_SCOPE);
    }

    /** The user who calls; empty for an API key. */
    public Optional<UUID> userId() {
        return actor.startsWith(USER) ? Optional.of(UUID.fromString(actor.substring(USER.length()))) : Optional.empty();
    }
}
