package io.inferline.common.health;

import io.inferline.common.redis.RedisAccess;
import io.micronaut.context.BeanProvider;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.Map;

/**
 * Readiness of Inferline's own Redis (a server or a cluster): the connection the service uses answers PING. Named
 * {@value #NAME}. On in the modules that use it ({@code inferline.health.redis: true} in their module
 * configuration); Micronaut's own Redis indicator is switched off there, so that one name is reported whatever the
 * topology.
 */
@Singleton
@Requires(property = "inferline.health.redis", value = "true")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class RedisHealthIndicator implements HealthIndicator {

    public static final String NAME = "redis";

    private final DependencyCheck check;

    RedisHealthIndicator(BeanProvider<RedisAccess> redis) {
        this.check = new DependencyCheck(NAME, () -> {
            String pong = redis.get().commands().ping();
            if (!"PONG".equals(pong)) {
                throw new DependencyCheck.Down("PING answered " + pong);
            }
            return Map.of();
        });
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(check::check).subscribeOn(Schedulers.boundedElastic());
    }
}
