package io.inferline.celery.adapter.redis;

import io.inferline.celery.application.BrokerTransport;
import io.inferline.celery.application.TaskIntake;
import io.inferline.celery.config.CeleryProperties;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.net.URI;
import java.time.Clock;

/** kombu's Redis transport ({@code redis://}, {@code rediss://}). */
@Singleton
class RedisBrokerTransport implements BrokerTransport {

    private final CeleryProperties properties;
    private final TaskIntake intake;
    private final CeleryRedis redis;
    private final JsonMapper json;
    private final Clock clock;

    RedisBrokerTransport(CeleryProperties properties, TaskIntake intake, CeleryRedis redis, JsonMapper json,
                         Clock clock) {
        this.properties = properties;
        this.intake = intake;
        this.redis = redis;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public boolean accepts(String brokerUrl) {
        String scheme = URI.create(brokerUrl.strip()).getScheme();
        return "redis".equalsIgnoreCase(scheme) || "rediss".equalsIgnoreCase(scheme);
    }

    @Override
    public AutoCloseable consume(String brokerUrl) {
        var transport = new RedisTransport(brokerUrl, () -> redis.connect(brokerUrl), properties.getQueues(),
                properties.getConcurrency(), properties.getVisibilityTimeout(), properties.getPollInterval(), intake,
                json, clock);
        transport.start();
        return transport;
    }
}
