package io.inferline.decision;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The decision service on real Kafka (the registry topic) and Redis (circuit states). */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DecisionExplainIT implements TestPropertyProvider {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties();
    }

    @Test
    void explainsTheConfiguredModelWithoutTheRegistry() {
        Map<?, ?> answer = explain("{\"tenant\":\"t1\",\"model\":\"sim-chat\",\"priority\":\"high\"}");
        assertEquals("1", answer.get("version"));
        assertEquals("inferline.jobs.sim.high.v1", answer.get("topic"));
        assertEquals("high", answer.get("lane"));
    }

    @Test
    void takesTheFallbackWhenThePrimaryCircuitIsOpen() throws Exception {
        publish("model", "explain-primary", Map.of("name", "explain-primary", "task", "chat", "versions",
                List.of(Map.of("version", "1", "backend_kind", "vllm", "pool", "sim"))));
        publish("model", "explain-backup", Map.of("name", "explain-backup", "task", "chat", "versions",
                List.of(Map.of("version", "1", "backend_kind", "openai", "pool", "sim"))));
        publish("alias", "explain", Map.of("name", "explain", "splits",
                List.of(Map.of("model", "explain-primary", "version", "1", "weight", 100)),
                "fallbacks", List.of(Map.of("model", "explain-backup"))));
        String body = "{\"tenant\":\"t1\",\"model\":\"explain\",\"sticky_key\":\"u1\"}";
        await(() -> "explain-primary".equals(tryExplain(body).get("model")));

        redis.sync().hset(CircuitKeys.HASH, CircuitKeys.field("explain-primary", "1"),
                Long.toString(System.currentTimeMillis() + 60_000));
        await(() -> "explain-backup".equals(tryExplain(body).get("model")));
        Map<?, ?> answer = explain(body);
        assertTrue(((String) answer.get("reason")).contains("explain-primary@1 has its circuit open"), answer.toString());
        assertEquals("openai", answer.get("backend"));
        redis.sync().hdel(CircuitKeys.HASH, CircuitKeys.field("explain-primary", "1"));
    }

    @Test
    void invalidAndUnknownRequestsNameTheField() {
        var bad = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/decisions:explain", "{\"model\":\"x\",\"priority\":\"urgent\"}")));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
        var unknown = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/decisions:explain", "{\"tenant\":\"t\",\"model\":\"nope\"}")));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, unknown.getStatus());
    }

    private Map<?, ?> explain(String body) {
        return http.toBlocking().retrieve(HttpRequest.POST("/v1/decisions:explain", body), Map.class);
    }

    private Map<?, ?> tryExplain(String body) {
        try {
            return explain(body);
        } catch (HttpClientResponseException e) {
            return Map.of();
        }
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!condition.getAsBoolean()) {
            assertTrue(System.nanoTime() < deadline, "condition not met in time");
            Thread.sleep(20);
        }
    }

    private void publish(String kind, String name, Map<String, Object> spec) throws Exception {
        Map<String, Object> change = new HashMap<>();
        change.put("kind", kind);
        change.put("name", name);
        change.put("revision", 1);
        change.put("changed_at", Instant.now().toString());
        change.put(kind.equals("tenant-policy") ? "tenant_policy" : kind, spec);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.MODEL_REGISTRY, kind + "/" + name,
                json.writeValueAsString(change));
    }
}
