package io.inferline.routing.adapter.redis;

import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.inferline.routing.domain.CircuitView;
import io.micronaut.context.annotation.Requires;
import io.micronaut.context.annotation.Value;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Circuit states from the Redis hash {@link CircuitKeys#HASH}, read whole every 200 ms
 * ({@code inferline.routing.circuit-refresh}) so a decision never waits for Redis. With Redis away the last states
 * read stay in force until they expire. Also opens and closes circuits, for model-mgmt's admin API.
 */
@Singleton
@Requires(beans = RedisAccess.class)
public class RedisCircuits implements CircuitView {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCircuits.class);

    private final RedisAccess redis;
    private final Clock clock;
    private final ScheduledExecutorService refresher;
    private volatile Map<String, String> openUntil = Map.of();
    private volatile boolean warned;

    RedisCircuits(RedisAccess redis, Clock clock,
                  @Value("${inferline.routing.circuit-refresh:200ms}") Duration refresh) {
        this.redis = redis;
        this.clock = clock;
        this.refresher = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().daemon().name("circuit-refresh").factory());
        refresher.scheduleWithFixedDelay(this::refresh, 0, refresh.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public boolean isOpen(String model, String version) {
        String until = openUntil.get(CircuitKeys.field(model, version));
        if (until == null) {
            return false;
        }
        try {
            return Long.parseLong(until) > clock.millis();
        } catch (NumberFormatException e) {
            return false;
        }
    }

    public void open(String model, String version, Duration duration) {
        redis.commands().hset(CircuitKeys.HASH, CircuitKeys.field(model, version),
                Long.toString(clock.millis() + duration.toMillis()));
        refresh();
    }

    public void close(String model, String version) {
        redis.commands().hdel(CircuitKeys.HASH, CircuitKeys.field(model, version));
        refresh();
    }

    void refresh() {
        try {
            openUntil = Map.copyOf(redis.commands().hgetall(CircuitKeys.HASH));
            warned = false;
        } catch (RuntimeException e) {
            if (!warned) {
                LOG.warn("circuit states not readable from Redis, keeping the last ones: {}", e.toString());
                warned = true;
            }
        }
    }

    @PreDestroy
    void stop() {
        refresher.shutdownNow();
    }
}
