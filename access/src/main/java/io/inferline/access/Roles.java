package io.inferline.access;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A user's role within a tenant, and the scopes it grants: the same scopes an API key can carry, so every service
 * checks one thing whichever credential a request brings.
 */
public enum Roles {
    ADMIN("admin"), MEMBER("member"), VIEWER("viewer");

    public static final String JOBS_WRITE = "jobs:write";
    public static final String JOBS_READ = "jobs:read";
    public static final String MODELS_READ = "models:read";
    /** Everything: user and key management, registry writes, audit. */
    public static final String ADMIN_SCOPE = "admin";

    private static final Map<Roles, Set<String>> SCOPES = Map.of(
            ADMIN, Set.of(JOBS_WRITE, JOBS_READ, MODELS_READ, ADMIN_SCOPE),
            MEMBER, Set.of(JOBS_WRITE, JOBS_READ, MODELS_READ),
            VIEWER, Set.of(JOBS_READ, MODELS_READ));

    private final String wireName;

    Roles(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public Set<String> scopes() {
        return SCOPES.get(this);
    }

    public static Optional<Roles> of(String wireName) {
        if (wireName == null) {
            return Optional.empty();
        }
        for (Roles role : values()) {
            if (role.wireName.equals(wireName.toLowerCase(Locale.ROOT))) {
                return Optional.of(role);
            }
        }
        return Optional.empty();
    }

    /** The scopes the named roles grant together; unknown names grant nothing. */
    public static Set<String> scopesOf(Collection<String> roleNames) {
        var scopes = new LinkedHashSet<String>();
        for (String name : roleNames) {
            of(name).ifPresent(role -> scopes.addAll(role.scopes()));
        }
        return Set.copyOf(scopes);
    }
}
