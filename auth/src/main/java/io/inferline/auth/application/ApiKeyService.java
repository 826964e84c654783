package io.inferline.auth.application;

import io.inferline.auth.domain.ActiveKey;
import io.inferline.auth.domain.ApiKeys;
import io.inferline.auth.domain.KeyInfo;
import io.inferline.common.error.ForbiddenException;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.error.UnauthorizedException;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.auth.RateLimits;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** A tenant's admins create, list and revoke the tenant's API keys. */
@Singleton
public class ApiKeyService {

    private static final String BEARER = "Bearer ";

    private final IdentityStore store;
    private final KeyDirectory directory;
    private final Clock clock;

    public ApiKeyService(IdentityStore store, KeyDirectory directory, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.clock = clock;
    }

    /** A key created now: the key itself is in this answer and nowhere else, ever. */
    public record CreatedKey(String key, KeyInfo info) {
    }

    /** The caller's key, if it is active and has the admin scope. */
    public ActiveKey admin(String authorization) {
        if (authorization == null || !authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            throw new UnauthorizedException("send an API key as 'Authorization: Bearer <key>'");
        }
        ActiveKey caller = store.findActiveKey(ApiKeyGrant.hash(authorization.substring(BEARER.length()).trim()),
                clock.instant()).orElseThrow(() -> new UnauthorizedException("the API key is not valid"));
        if (!caller.may(ApiKeys.ADMIN)) {
            throw new ForbiddenException("insufficient-scope", "managing API keys needs the scope 'admin'");
        }
        return caller;
    }

    public CreatedKey create(ActiveKey admin, String name, Set<String> scopes, RateLimits limits, Instant expiresAt) {
        String key = ApiKeys.newKey();
        String sha256 = ApiKeyGrant.hash(key);
        KeyInfo info = store.createKey(admin.tenantId(), name, ApiKeys.visiblePrefix(key), sha256, scopes, limits,
                expiresAt);
        directory.publish(List.of(new ActiveKey(info.id(), admin.tenantId(), sha256, scopes, limits, expiresAt)));
        return new CreatedKey(key, info);
    }

    public List<KeyInfo> list(ActiveKey admin) {
        return store.keys(admin.tenantId());
    }

    /** Revoked in the database and removed from the directory at once: every API replica refuses it next time. */
    public void revoke(ActiveKey admin, UUID keyId) {
        String sha256 = store.revoke(admin.tenantId(), keyId, clock.instant())
                .orElseThrow(() -> new NotFoundException("API key", keyId));
        directory.remove(List.of(sha256));
    }
}
