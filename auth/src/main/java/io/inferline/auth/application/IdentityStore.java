package io.inferline.auth.application;

import io.inferline.auth.domain.ActiveKey;

import java.util.List;
import java.util.Set;
import java.util.UUID;

public interface IdentityStore {

    /** The tenant's id, creating the tenant if it does not exist. */
    UUID ensureTenant(String name);

    void ensureAdmin(UUID tenantId, String email);

    /** Stores the key (by hash) unless a key with the same hash exists. */
    void ensureApiKey(UUID tenantId, String prefix, String sha256, Set<String> scopes);

    List<ActiveKey> activeKeys();

    List<String> revokedKeyHashes();
}
