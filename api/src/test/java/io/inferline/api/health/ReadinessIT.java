package io.inferline.api.health;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.PgBouncer;
import io.inferline.testkit.RedisServer;
import io.inferline.testkit.RestartableKafka;
import io.inferline.testkit.StoppableServer;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The API on a Redis, a PgBouncer and a Kafka broker of its own, which the test stops and starts again: readiness goes DOWN naming
 * the one that is away and comes back UP after it returns, while liveness, which asks no other system, stays UP.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ReadinessIT implements TestPropertyProvider {

    private static final Duration CHANGE_TIMEOUT = Duration.ofSeconds(45);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final RedisServer redis = Infrastructure.startPrivateRedis();
    private final Optional<PgBouncer> pgBouncer = Infrastructure.shared().startPrivatePgBouncer();
    private final RestartableKafka kafka = RestartableKafka.start();

    @Inject
    EmbeddedServer server;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("api");
        properties.put("redis.uri", redis.uri());
        properties.put("kafka.bootstrap.servers", kafka.bootstrapServers());
        pgBouncer.ifPresent(bouncer -> properties.put("datasources.api.url", bouncer.jdbcUrl()));
        return properties;
    }

    @AfterAll
    void stopPrivateServers() {
        redis.close();
        pgBouncer.ifPresent(PgBouncer::close);
        kafka.close();
    }

    @Test
    void readinessNamesEveryDependencyTheApiNeeds() throws Exception {
        Health ready = awaitReadiness(health -> health.status() == 200, "ready");

        assertEquals("UP", ready.status("postgresql"), ready.body());
        assertEquals("UP", ready.status("redis"), ready.body());
        assertEquals("UP", ready.status("kafka"), ready.body());
        assertFalse(ready.body().contains("jdbc:") || ready.body().contains("redis://"),
                "no connection URL in the health report: " + ready.body());
    }

    @Test
    void readinessIsDownNamingRedisWhileItIsAwayAndLivenessStaysUp() throws Exception {
        assertOutageIsReported(redis, "redis");
    }

    @Test
    void readinessIsDownNamingPostgresqlWhilePgBouncerIsAwayAndLivenessStaysUp() throws Exception {
        assumeTrue(pgBouncer.isPresent(), "pgbouncer is not installed");
        assertOutageIsReported(pgBouncer.get(), "postgresql");
    }

    @Test
    void readinessIsDownNamingKafkaWhileTheBrokerIsAwayAndLivenessStaysUp() throws Exception {
        assertOutageIsReported(new StoppableServer() {
            @Override
            public void stop() {
                kafka.stop();
            }

            @Override
            public void start() {
                kafka.startAgain();
            }

            @Override
            public void close() {
                kafka.close();
            }
        }, "kafka");
    }

    private void assertOutageIsReported(StoppableServer dependency, String name) throws Exception {
        awaitReadiness(health -> health.status() == 200, "ready before the outage");

        dependency.stop();
        try {
            Health down = awaitReadiness(health -> "DOWN".equals(health.status(name)), name + " DOWN");
            assertEquals(503, down.status(), down.body());
            assertTrue(down.body().contains("\"error\""), "says why: " + down.body());
            Health alive = get("/health/liveness");
            assertEquals(200, alive.status(), alive.body());
            assertFalse(alive.body().contains(name), "liveness does not ask " + name + ": " + alive.body());
        } finally {
            dependency.start();
        }

        Health back = awaitReadiness(health -> health.status() == 200, name + " back");
        assertEquals("UP", back.status(name), back.body());
    }

    private Health awaitReadiness(Predicate<Health> condition, String what) throws Exception {
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

    private Health get(String path) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.getPort() + path))
                .timeout(Duration.ofSeconds(15)).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Health(response.statusCode(), response.body(), json.readValue(response.body(), Map.class));
    }

    private record Health(int status, String body, Map<?, ?> document) {
        /** The status of one indicator, null when the report does not name it. */
        String status(String indicator) {
            if (!(document.get("details") instanceof Map<?, ?> details)
                    || !(details.get(indicator) instanceof Map<?, ?> result)) {
                return null;
            }
            return String.valueOf(result.get("status"));
        }
    }
}
