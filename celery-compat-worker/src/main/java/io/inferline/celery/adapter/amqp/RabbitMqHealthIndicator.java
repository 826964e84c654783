package io.inferline.celery.adapter.amqp;

import io.inferline.celery.config.CeleryProperties;
import io.inferline.common.health.DependencyCheck;
import io.micronaut.context.annotation.Requires;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Readiness of the RabbitMQ brokers the worker consumes ({@code amqp://} URLs in {@code inferline.celery.brokers}):
 * each accepts a connection with the worker's credentials. Named {@value #NAME}; absent without an AMQP broker.
 */
@Singleton
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class RabbitMqHealthIndicator implements HealthIndicator {

    public static final String NAME = "rabbitmq";

    private final List<AmqpUrl> brokers;
    private final DependencyCheck check;

    RabbitMqHealthIndicator(CeleryProperties properties) {
        this.brokers = properties.getBrokers().stream().filter(AmqpUrl::accepts).map(AmqpUrl::parse).toList();
        this.check = new DependencyCheck(NAME, this::probe);
    }

    private Map<String, Object> probe() throws Exception {
        Map<String, Object> details = new LinkedHashMap<>();
        for (AmqpUrl broker : brokers) {
            var factory = broker.connectionFactory();
            factory.setAutomaticRecoveryEnabled(false);
            factory.setConnectionTimeout(2000);
            factory.setHandshakeTimeout(2000);
            try (var connection = factory.newConnection("inferline-celery-compat-health")) {
                details.put(broker.host() + ":" + broker.port(), "UP");
            } catch (Exception e) {
                throw new DependencyCheck.Down(broker.host() + ":" + broker.port() + ": " + DependencyCheck.describe(e));
            }
        }
        return details;
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return brokers.isEmpty() ? Mono.empty()
                : Mono.fromCallable(check::check).subscribeOn(Schedulers.boundedElastic());
    }
}
