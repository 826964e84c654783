package io.inferline.api.adapter.redis;

import io.inferline.api.application.ApiKeyDirectory;
import io.inferline.api.domain.Caller;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.ChannelSubscription;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.micronaut.context.annotation.Value;
import io.micronaut.core.type.Argument;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Reads the key directory that {@code auth} publishes to Redis, and remembers what it read for a short maximum age
 * ({@code inferline.api.key-max-age}, 1 s), which spares nearly every request its round trip to Redis. {@code auth}
 * names every key it changes or revokes on {@link ApiKeyGrant#CHANGES_CHANNEL}, and the named keys are forgotten
 * at once; the maximum age bounds how long a lost notice can leave a stale grant in use.
 * <p>
 * While Redis cannot be reached, keys read within the last 15 minutes still work: an outage then does not lock out
 * the callers who were just working.
 */
@Singleton
class RedisApiKeyDirectory implements ApiKeyDirectory {

    private static final Logger LOG = LoggerFactory.getLogger(RedisApiKeyDirectory.class);
    private static final Duration OUTAGE_ALLOWANCE = Duration.ofMinutes(15);
    private static final int MAX_REMEMBERED = 100_000;

    private final RedisAccess redis;
    private final JsonObjects json;
    private final Clock clock;
    private final RememberedGrants remembered;
    private ChannelSubscription changes;

    RedisApiKeyDirectory(RedisAccess redis, JsonObjects json, Clock clock,
                         @Value("${inferline.api.key-max-age:1s}") Duration maxAge) {
        this.redis = redis;
        this.json = json;
        this.clock = clock;
        this.remembered = new RememberedGrants(maxAge, OUTAGE_ALLOWANCE, MAX_REMEMBERED);
    }

    @PostConstruct
    void listenForChanges() {
        changes = redis.subscribe(ApiKeyGrant.CHANGES_CHANNEL,
                notice -> remembered.changed(ApiKeyGrant.changedHashes(notice)));
    }

    @Override
    public Optional<Caller> find(String keySha256Hex) {
        Instant now = clock.instant();
        Optional<Caller> fresh = remembered.fresh(keySha256Hex, now);
        if (fresh.isPresent()) {
            return fresh;
        }
        long generation = remembered.generation();
        String value;
        try {
            value = redis.commands().get(ApiKeyGrant.directoryKey(keySha256Hex));
        } catch (RuntimeException e) {
            return duringOutage(keySha256Hex, e);
        }
        if (value == null) {
            remembered.forget(keySha256Hex);
            return Optional.empty();
        }
        ApiKeyGrant grant = json.read(value, Argument.of(ApiKeyGrant.class));
        var caller = new Caller(grant.tenantId(), grant.keyId(), grant.scopes(), grant.limits());
        remembered.remember(keySha256Hex, caller, grant.expiresAt(), now, generation);
        return Optional.of(caller);
    }

    private Optional<Caller> duringOutage(String keySha256Hex, RuntimeException redisFailure) {
        var grant = remembered.duringOutage(keySha256Hex, clock.instant());
        if (grant.isPresent()) {
            LOG.warn("key directory unreachable, using a key read at {}: {}", grant.get().read(), redisFailure.toString());
            return Optional.of(grant.get().caller());
        }
        throw new ServiceUnavailableException("authentication is unavailable for a moment; retry shortly", redisFailure);
    }

    @PreDestroy
    void close() {
        if (changes != null) {
            changes.close();
        }
    }
}
