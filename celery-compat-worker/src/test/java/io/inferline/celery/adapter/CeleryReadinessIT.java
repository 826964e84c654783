package io.inferline.celery.adapter;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RabbitMqServer;
import io.inferline.testkit.RedisServer;
import io.inferline.testkit.StoppableServer;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The Celery worker on a RabbitMQ broker and a Redis result backend of its own, which the test stops and starts
 * again: readiness goes DOWN naming {@code rabbitmq} or {@code celery-redis} while it is away and comes back UP,
 * liveness stays UP throughout.
 */
class CeleryReadinessIT {

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static RabbitMqServer rabbitMq;
    private static RedisServer resultBackend;
    private static ApplicationContext worker;
    private static JsonMapper json;
    private static int port;

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
        port = worker.getBean(EmbeddedServer.class).getPort();
        json = worker.getBean(JsonMapper.class);
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
        Health ready = awaitReadiness(health -> health.status() == 200, "ready");

        for (String name : List.of("postgresql", "kafka", "rabbitmq", "celery-redis")) {
            assertEquals("UP", ready.status(name), name + " in " + ready.body());
        }
        assertFalse(ready.body().contains("guest@") || ready.body().contains(":guest"), "no credentials: " + ready.body());
    }

    @Test
    void readinessIsDownNamingRabbitMqWhileItIsAway() throws Exception {
        assertOutageIsReported(rabbitMq, "rabbitmq");
    }

    @Test
    void readinessIsDownNamingCeleryRedisWhileTheResultBackendIsAway() throws Exception {
        assertOutageIsReported(resultBackend, "celery-redis");
    }

    private static void assertOutageIsReported(StoppableServer dependency, String name) throws Exception {
        awaitReadiness(health -> health.status() == 200, "ready before the outage");

        dependency.stop();
        try {
            Health down = awaitReadiness(health -> "DOWN".equals(health.status(name)), name + " DOWN");
            assertEquals(503, down.status(), down.body());
            Health alive = get("/health/liveness");
            assertEquals(200, alive.status(), alive.body());
            assertFalse(alive.body().contains(name), "liveness does not ask " + name + ": " + alive.body());
        } finally {
            dependency.start();
        }

        Health back = awaitReadiness(health -> health.status() == 200, name + " back");
        assertEquals("UP", back.status(name), back.body());
    }

    private static Health awaitReadiness(Predicate<Health> condition, String what) throws Exception {
        long deadline = System.nanoTime() + CHANGE_TIMEOUT.toNanos();
        Health last = get("/health/readiness");
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness not " + what + " within " + CHANGE_TIMEOUT + ": " + last.body());
            }
            Thread.sleep(250);
            last = get("/health/readiness");
        }
        return last;
    }

    private static Health get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Health(response.statusCode(), response.body(), json.readValue(response.body(), Map.class));
    }

    private record Health(int status, String body, Map<?, ?> document) {
        String status(String indicator) {
            if (!(document.get("details") instanceof Map<?, ?> details)
                    || !(details.get(indicator) instanceof Map<?, ?> result)) {
                return null;
            }
            return String.valueOf(result.get("status"));
        }
    }
}
