package io.inferline.api.health;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.PgBouncer;
import io.inferline.testkit.Readiness;
import io.inferline.testkit.RedisServer;
import io.inferline.testkit.RestartableKafka;
import io.inferline.testkit.StoppableServer;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;

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

    private final RedisServer redis = Infrastructure.startPrivateRedis();
    private final Optional<PgBouncer> pgBouncer = Infrastructure.shared().startPrivatePgBouncer();
    private final RestartableKafka kafka = RestartableKafka.launch();

    @Inject
    EmbeddedServer server;

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
        Readiness.Health ready = readiness().await(health -> health.status() == 200, "ready");

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
        assertOutageIsReported(kafka, "kafka");
    }

    private void assertOutageIsReported(StoppableServer dependency, String name) throws Exception {
        readiness().assertOutageIsReported(dependency, name,
                down -> assertTrue(down.body().contains("\"error\""), "says why: " + down.body()));
    }

    private Readiness readiness() {
        return new Readiness(server.getPort(), CHANGE_TIMEOUT);
    }
}
