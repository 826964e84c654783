package io.inferline.auth.application;

import io.inferline.access.Roles;
import io.inferline.auth.domain.User;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** The users of every tenant. Lookups by id take the tenant, so one tenant never reaches another's users. */
public interface UserStore {

    Optional<User> byEmail(String email);

    Optional<User> byId(UUID userId);

    Optional<User> byId(UUID tenantId, UUID userId);

    List<User> list(UUID tenantId);

    /** The new user; {@link EmailTakenException} if any tenant has a user with that email. */
    User create(UUID tenantId, String email, Roles role, String passwordHash);

    /** Changes role and/or disabled state (null: unchanged); empty if the tenant has no such user. */
    Optional<User> update(UUID tenantId, UUID userId, Roles role, Boolean disabled, Instant now);

    /** Replaces the user's password; false if the tenant has no such user. */
    boolean setPassword(UUID tenantId, UUID userId, String passwordHash);

    /** Gives the user a password if it has none yet (the bootstrap admin). */
    void setPasswordIfNone(String email, String passwordHash);
}
