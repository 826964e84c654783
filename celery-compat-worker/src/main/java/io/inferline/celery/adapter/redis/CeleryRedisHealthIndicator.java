package io.inferline.celery.adapter.redis;

import io.inferline.celery.config.CeleryProperties;
import io.inferline.common.health.DependencyCheck;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Readiness of the Redis servers Celery uses: the result backend and any {@code redis://} broker. Each answers PING.
 * Named {@value #NAME}, apart from Inferline's own Redis; absent while the worker has no broker configured.
 */
@Singleton
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class CeleryRedisHealthIndicator implements HealthIndicator {

    public static final String NAME = "celery-redis";

    private final CeleryRedis redis;
    private final Set<String> urls = new LinkedHashSet<>();
    private final Map<String, StatefulRedisConnection<String, String>> connections = new ConcurrentHashMap<>();
    private final DependencyCheck check;

    CeleryRedisHealthIndicator(CeleryProperties properties, CeleryRedis redis) {
        this.redis = redis;
        if (!properties.getBrokers().isEmpty()) {
            properties.getBrokers().stream().filter(url -> url.strip().startsWith("redis")).forEach(urls::add);
            if (properties.getResultBackend() != null && !properties.getResultBackend().isBlank()) {
                urls.add(properties.getResultBackend());
            }
        }
        this.check = new DependencyCheck(NAME, this::probe);
    }

    private Map<String, Object> probe() {
        Map<String, Object> details = new LinkedHashMap<>();
        for (String url : urls) {
            String shown = CeleryRedis.redact(url);
            try {
                String pong = connections.computeIfAbsent(url, redis::connect).sync().ping();
                details.put(shown, pong);
            } catch (RuntimeException e) {
                throw new DependencyCheck.Down(shown + ": " + DependencyCheck.describe(e));
            }
        }
        return details;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return urls.isEmpty() ? Mono.empty()
                : Mono.fromCallable(check::check).subscribeOn(Schedulers.boundedElastic());
    }
}
