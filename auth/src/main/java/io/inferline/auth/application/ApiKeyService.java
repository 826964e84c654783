package io.inferline.auth.application;

import io.inferline.auth.domain.ActiveKey;
import io.inferline.auth.domain.ApiKeys;
import io.inferline.auth.domain.KeyInfo;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.auth.domain.Principal;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.auth.RateLimits;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/** A tenant's admins create, list and revoke the tenant's API keys. */
@Singleton
public class ApiKeyService {

    private final IdentityStore store;
    private final KeyDirectory directory;
    private final AuditLog audit;
    private final Clock clock;

    public ApiKeyService(IdentityStore store, KeyDirectory directory, AuditLog audit, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.audit = audit;
        this.clock = clock;
    }

    /** A key created now: the key itself is in this answer and nowhere else, ever. */
    public record CreatedKey(String key, KeyInfo info) {
    }

    public CreatedKey create(Principal admin, String name, Set<String> scopes, RateLimits limits, Instant expiresAt) {
        String key = ApiKeys.newKey();
        String sha256 = ApiKeyGrant.hash(key);
        KeyInfo info = store.createKey(admin.tenantId(), name, ApiKeys.visiblePrefix(key), sha256, scopes, limits,
                expiresAt);
        directory.publish(List.of(new ActiveKey(info.id(), admin.tenantId(), sha256, scopes, limits, expiresAt)));
        var details = new LinkedHashMap<String, Object>();
        details.put("prefix", info.prefix());
        details.put("scopes", scopes.stream().sorted().toList());
        if (name != null) {
            details.put("name", name);
        }
        audit.record(admin.tenantId(), admin.actor(), AuditEntry.KEY_CREATED, "key:" + info.id(), details);
        return new CreatedKey(key, info);
    }

    public List<KeyInfo> list(Principal admin) {
        return store.keys(admin.tenantId());
    }

    /**
     * Revoked in the database and removed from the directory at once; the directory announces the removal, so every
     * API replica refuses the key within milliseconds (within its 1 s memory should the notice be lost).
     */
    public void revoke(Principal admin, UUID keyId) {
        String sha256 = store.revoke(admin.tenantId(), keyId, clock.instant())
                .orElseThrow(() -> new NotFoundException("API key", keyId));
        directory.remove(List.of(sha256));
        audit.record(admin.tenantId(), admin.actor(), AuditEntry.KEY_REVOKED, "key:" + keyId, Map.of());
    }
}
