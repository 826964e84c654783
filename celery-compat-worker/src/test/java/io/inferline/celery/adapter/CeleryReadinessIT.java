package io.inferline.celery.adapter;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RabbitMqServer;
import io.inferline.testkit.Readiness;
import io.inferline.testkit.RedisServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Celery worker on a RabbitMQ broker and a Redis result backend of its own, which the test stops and starts
 * again: readiness goes DOWN naming {@code rabbitmq} or {@code celery-redis} while it is away and comes back UP,
 * liveness stays UP throughout.
 */
class CeleryReadinessIT {

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);

    private static RabbitMqServer rabbitMq;
    private static RedisServer resultBackend;
    private static ApplicationContext worker;
    private static Readiness readiness;

    @BeforeAll
    static void startWorker() {
        var infrastructure = Infrastructure.shared();
        rabbitMq = Infrastructure.startPrivateRabbitMq();
        resultBackend = Infrastructure.startPrivateRedis();
        Map<String, Object> properties = infrastructure.micronautProperties("celery");
        properties.put("micronaut.server.port", -1);
        properties.put("inferline.celery.api-key", "il_celery_readiness_it");
        properties.put("inferline.celery.brokers", List.of(rabbitMq.toRabbitMq().amqpUri()));
        properties.put("inferline.celery.result-backend", resultBackend.uri() + "/0");
        properties.put("inferline.celery.queues", List.of("readiness-" + UUID.randomUUID()));
        worker = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        readiness = new Readiness(worker.getBean(EmbeddedServer.class).getPort(), CHANGE_TIMEOUT);
    }

    @AfterAll
    static void stop() {
        if (worker != null) {
            worker.close();
        }
        if (rabbitMq != null) {
            rabbitMq.close();
        }
        if (resultBackend != null) {
            resultBackend.close();
        }
    }

    @Test
    void readinessNamesTheWorkersDependencies() throws Exception {
        Readiness.Health ready = readiness.await(health -> health.status() == 200, "ready");

        for (String name : List.of("postgresql", "kafka", "rabbitmq", "celery-redis")) {
            assertEquals("UP", ready.status(name), name + " in " + ready.body());
        }
        assertFalse(ready.body().contains("guest@") || ready.body().contains(":guest"), "no credentials: " + ready.body());
    }

    @Test
    void readinessIsDownNamingRabbitMqWhileItIsAway() throws Exception {
        readiness.assertOutageIsReported(rabbitMq, "rabbitmq");
    }

    @Test
    void readinessIsDownNamingCeleryRedisWhileTheResultBackendIsAway() throws Exception {
        readiness.assertOutageIsReported(resultBackend, "celery-redis");
    }
}
