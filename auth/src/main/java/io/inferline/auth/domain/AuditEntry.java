package io.inferline.auth.domain;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * One audited event: {@code actor} is {@code user:<id>}, {@code key:<id>}, {@code system} or null (an anonymous
 * failed login); {@code details} names emails, roles, key prefixes, never a secret.
 */
@Serdeable(naming = SnakeCaseStrategy.class)
public record AuditEntry(UUID id, Instant at, @Nullable String actor, String action, @Nullable String target,
                         Map<String, Object> details) {

    public static final String LOGIN = "login";
    public static final String LOGIN_FAILED = "login.failed";
    public static final String LOGOUT = "logout";
    public static final String REFRESH_REUSED = "refresh_token.reused";
    public static final String KEY_CREATED = "api_key.created";
    public static final String KEY_REVOKED = "api_key.revoked";
    public static final String USER_CREATED = "user.created";
    public static final String USER_ROLE_CHANGED = "user.role_changed";
    public static final String USER_DISABLED = "user.disabled";
    public static final String USER_ENABLED = "user.enabled";
    public static final String USER_PASSWORD_CHANGED = "user.password_changed";
    public static final String USER_PASSWORD_RESET = "user.password_reset";
    public static final String SIGNING_KEY_ROTATED = "signing_key.rotated";
}
