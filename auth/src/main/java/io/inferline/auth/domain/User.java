package io.inferline.auth.domain;

import io.inferline.access.Roles;
import io.micronaut.core.annotation.Nullable;

import java.time.Instant;
import java.util.UUID;

/** A person of one tenant, with one role. {@code passwordHash} is an Argon2id PHC string, null until one is set. */
public record User(UUID id, UUID tenantId, String email, Roles role, @Nullable String passwordHash,
                   Instant createdAt, @Nullable Instant disabledAt) {

    public boolean disabled() {
        return disabledAt != null;
    }

    public UserInfo info() {
        return new UserInfo(id, email, role.wireName(), createdAt, disabledAt);
    }
}
