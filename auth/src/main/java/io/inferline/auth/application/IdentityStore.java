package io.inferline.auth.application;

import io.inferline.auth.domain.ActiveKey;
import io.inferline.auth.domain.KeyInfo;
import io.inferline.contracts.v1.auth.RateLimits;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

public interface IdentityStore {

    /** The tenant's id, creating the tenant if it does not exist. */
    UUID ensureTenant(String name);

    void ensureAdmin(UUID tenantId, String email);

    /** Stores the key (by hash) unless a key with the same hash exists. */
    void ensureApiKey(UUID tenantId, String prefix, String sha256, Set<String> scopes);

    KeyInfo createKey(UUID tenantId, String name, String prefix, String sha256, Set<String> scopes, RateLimits limits,
                      Instant expiresAt);

    Optional<ActiveKey> findActiveKey(String sha256, Instant now);

    List<KeyInfo> keys(UUID tenantId);

    /** Revokes the tenant's key; returns its hash, or empty if the tenant has no such key. */
    Optional<String> revoke(UUID tenantId, UUID keyId, Instant at);

    List<ActiveKey> activeKeys(Instant now);

    /** Keys revoked or expired: their directory entries must go. */
    List<String> inactiveKeyHashes(Instant now);
}
