package io.inferline.common.health;

import io.micronaut.context.annotation.Requires;
import io.micronaut.configuration.kafka.config.KafkaDefaultConfiguration;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Readiness of Kafka for a service that produces or consumes: the cluster answers a metadata request and has a
 * controller. Named {@value #NAME}. On only in the modules that use Kafka ({@code inferline.health.kafka: true} in
 * their module configuration); Micronaut's own Kafka indicator is off.
 */
@Singleton
@Requires(property = "inferline.health.kafka", value = "true")
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class KafkaHealthIndicator implements HealthIndicator {

    public static final String NAME = "kafka";

    private final Admin admin;
    private final DependencyCheck check;

    /** Connects as the service's clients do (the same {@code kafka.*} settings: servers, TLS, SASL). */
    KafkaHealthIndicator(KafkaDefaultConfiguration kafka) {
        int timeoutMs = (int) DependencyCheck.TIMEOUT.toMillis();
        Map<String, Object> config = new HashMap<>();
        kafka.getConfig().forEach((key, value) -> {
            if (AdminClientConfig.configNames().contains(String.valueOf(key))) {
                config.put(String.valueOf(key), value);
            }
        });
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "inferline-health");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeoutMs);
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        this.admin = Admin.create(config);
        this.check = new DependencyCheck(NAME, () -> {
            var cluster = admin.describeCluster(new DescribeClusterOptions().timeoutMs(timeoutMs));
            int brokers = cluster.nodes().get(timeoutMs, TimeUnit.MILLISECONDS).size();
            if (cluster.controller().get(timeoutMs, TimeUnit.MILLISECONDS) == null) {
                throw new DependencyCheck.Down("no active controller");
            }
            return Map.of("brokers", brokers);
        });
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(check::check).subscribeOn(Schedulers.boundedElastic());
    }

    @PreDestroy
    void close() {
        admin.close(java.time.Duration.ofSeconds(1));
    }
}
