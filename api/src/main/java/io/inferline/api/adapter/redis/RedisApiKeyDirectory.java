package io.inferline.api.adapter.redis;

import io.inferline.api.application.ApiKeyDirectory;
import io.inferline.api.domain.Caller;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the key directory that {@code auth} publishes to Redis. Keys seen recently are remembered, and only used
 * while Redis cannot be reached: an outage then does not lock out the callers who were just working, while a
 * revocation still takes effect at once whenever Redis answers.
 */
@Singleton
class RedisApiKeyDirectory implements ApiKeyDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisApiKeyDirectory.class);
    private static final Duration REMEMBER = Duration.ofMinutes(15);
    private static final int MAX_REMEMBERED = 100_000;

    private final RedisAccess redis;
    private final JsonObjects json;
    private final Clock clock;
    private final Map<String, Remembered> recent = new ConcurrentHashMap<>();

    RedisApiKeyDirectory(RedisAccess redis, JsonObjects json, Clock clock) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
    }

    private record Remembered(Caller caller, Instant seen) {
    }

    @Override
    public Optional<Caller> find(String keySha256Hex) {
        String value;
        try {
            value = redis.commands().get(ApiKeyGrant.directoryKey(keySha256Hex));
        } catch (RuntimeException e) {
            return remembered(keySha256Hex, e);
        }
        if (value == null) {
            recent.remove(keySha256Hex);
            return Optional.empty();
        }
        ApiKeyGrant grant = json.read(value, Argument.of(ApiKeyGrant.class));
        var caller = new Caller(grant.tenantId(), grant.keyId(), grant.scopes(), grant.limits());
        if (recent.size() < MAX_REMEMBERED || recent.containsKey(keySha256Hex)) {
            recent.put(keySha256Hex, new Remembered(caller, clock.instant()));
        }
        return Optional.of(caller);
    }

    private Optional<Caller> remembered(String keySha256Hex, RuntimeException redisFailure) {
        Remembered remembered = recent.get(keySha256Hex);
        if (remembered != null && remembered.seen().plus(REMEMBER).isAfter(clock.instant())) {
            LOG.warn("key directory unreachable, using a key seen at {}: {}", remembered.seen(), redisFailure.toString());
            return Optional.of(remembered.caller());
        }
        throw new ServiceUnavailableException("authentication is unavailable for a moment; retry shortly", redisFailure);
    }
}
