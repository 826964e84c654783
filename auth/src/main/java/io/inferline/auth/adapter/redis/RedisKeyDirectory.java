package io.inferline.auth.adapter.redis;

import io.inferline.auth.application.KeyDirectory;
import io.inferline.auth.domain.ActiveKey;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;

import java.util.Collection;

/**
 * Writes grants one key at a time: each is a single-slot command, so this works on a Redis cluster too. A key
 * that expires vanishes from the directory at its expiry, by Redis itself.
 */
@Singleton
class RedisKeyDirectory implements KeyDirectory {

    private final RedisAccess redis;
    private final JsonObjects json;

    RedisKeyDirectory(RedisAccess redis, JsonObjects json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public void publish(Collection<ActiveKey> keys) {
        var commands = redis.commands();
        for (ActiveKey key : keys) {
            var grant = new ApiKeyGrant(key.id().toString(), key.tenantId().toString(), key.scopes(), key.limits(),
                    key.expiresAt());
            var args = key.expiresAt() == null ? new SetArgs() : SetArgs.Builder.pxAt(key.expiresAt().toEpochMilli());
            commands.set(ApiKeyGrant.directoryKey(key.sha256()), json.write(grant), args);
        }
    }

    @Override
    public void remove(Collection<String> sha256s) {
        var commands = redis.commands();
        for (String sha256 : sha256s) {
            commands.del(ApiKeyGrant.directoryKey(sha256));
        }
    }
}
