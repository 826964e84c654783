package io.inferline.api.adapter.redis;

import io.inferline.api.application.ApiKeyDirectory;
import io.inferline.api.domain.Caller;
import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;

import java.util.Optional;

/** Reads the key directory that {@code auth} publishes to Redis. */
@Singleton
class RedisApiKeyDirectory implements ApiKeyDirectory {

    private final StatefulRedisConnection<String, String> redis;
    private final JsonObjects json;

    RedisApiKeyDirectory(StatefulRedisConnection<String, String> redis, JsonObjects json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public Optional<Caller> find(String keySha256Hex) {
        return Optional.ofNullable(redis.sync().get(ApiKeyGrant.directoryKey(keySha256Hex)))
                .map(value -> json.read(value, Argument.of(ApiKeyGrant.class)))
                .map(grant -> new Caller(grant.tenantId(), grant.keyId(), grant.scopes()));
    }
}
