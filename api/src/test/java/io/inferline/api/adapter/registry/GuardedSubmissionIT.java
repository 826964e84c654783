package io.inferline.api.adapter.registry;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micrometer.core.instrument.MeterRegistry;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Guard rules and registry routes act on jobs submitted through the real API: the registry entries arrive the way
 * model-mgmt publishes them (records on the compacted registry topic), the jobs go over HTTP, and what is queued is
 * read back from the pool's topic.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GuardedSubmissionIT implements TestPropertyProvider {

    private static final String KEY = "il_test_guard_" + UUID.randomUUID();
    private static final String TENANT = "tenant-guarded-" + UUID.randomUUID();

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Inject
    MeterRegistry meters;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("api");
    }

    @BeforeAll
    void publishKeyAndPolicy() throws Exception {
        var grant = new ApiKeyGrant("key-guarded", TENANT, Set.of("jobs:write", "jobs:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(KEY)), json.writeValueAsString(grant));
        registry("tenant-policy", TENANT, "tenant_policy", Map.of("tenant", TENANT, "guards", List.of(
                Map.of("name", "no-falcon", "kind", "keyword", "pattern", "Project Falcon", "action", "block"),
                Map.of("name", "no-emails", "kind", "pii-email", "action", "redact"),
                Map.of("name", "no-cards", "kind", "pii-card", "action", "redact"))));
        registry("model", "guarded-chat", "model", Map.of("name", "guarded-chat", "task", "chat", "default_version", "3",
                "versions", List.of(Map.of("version", "3", "backend_kind", "simulator", "pool", "sim", "status", "active"))));
        registry("alias", "guarded", "alias", Map.of("name", "guarded",
                "splits", List.of(Map.of("model", "guarded-chat", "version", "3", "weight", 1))));
        // the API applies the registry within a second; wait for the alias to be known
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                submit("{\"model\":\"guarded\",\"input\":{\"prompt\":\"warm-up\"}}");
                return;
            } catch (HttpClientResponseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aBlockRuleRefusesTheJobWith403NamingTheRule() {
        var refused = assertThrows(HttpClientResponseException.class, () -> submit(
                "{\"model\":\"guarded\",\"input\":{\"messages\":[{\"role\":\"user\",\"content\":\"status of project falcon?\"}]}}"));
        assertEquals(HttpStatus.FORBIDDEN, refused.getStatus());
        Map<?, ?> problem = refused.getResponse().getBody(Map.class).orElseThrow();
        assertEquals("https://inferline.dev/problems/guard-blocked", problem.get("type"));
        assertTrue(((String) problem.get("detail")).contains("rule 'no-falcon'"), problem.toString());
        assertTrue(meters.get("inferline.guard.hits").tag("rule", "no-falcon").tag("action", "block").counter().count() >= 1);
    }

    @Test
    void aRedactRuleRewritesTheQueuedInputAndShowsInTheRoutingReason() throws Exception {
        Map<?, ?> job = submit("{\"model\":\"guarded\",\"input\":{\"prompt\":\"mail ann@example.com, card 4111-1111-1111-1111\"}}")
                .body();
        String redacted = "mail [redacted:no-emails], card [redacted:no-cards]";
        assertEquals(Map.of("prompt", redacted), job.get("input"));
        String reason = (String) job.get("routing_reason");
        assertTrue(reason.contains("redacted by tenant rule 'no-emails'") && reason.contains("alias 'guarded'"), reason);
        assertEquals("guarded", job.get("model"));
        assertEquals("guarded-chat", job.get("routed_model"));
        assertEquals("3", job.get("model_version"));

        String id = (String) job.get("id");
        try (var reader = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.jobRequests("sim", Priority.NORMAL))) {
            var queued = json.readValue(reader.await(r -> id.equals(r.key()), Duration.ofSeconds(20)).value(), JobRequested.class);
            assertEquals(Map.of("prompt", redacted), queued.input());
            assertEquals("guarded-chat", queued.model(), "workers get the routed model, not the alias");
            assertEquals("3", queued.modelVersion());
        }
        Map<?, ?> stored = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(KEY), Map.class);
        assertEquals(reason, stored.get("routing_reason"));
        assertEquals(Map.of("prompt", redacted), stored.get("input"));
    }

    @Test
    void theConfiguredModelStillAnswersAndOtherTenantsAreNotGuarded() {
        Map<?, ?> job = submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"hello\"}}").body();
        assertTrue(((String) job.get("routing_reason")).contains("pool 'sim'"));
    }

    private HttpResponse<Map> submit(String body) {
        return http.toBlocking().exchange(HttpRequest.POST("/v1/jobs", body).bearerAuth(KEY), Map.class);
    }

    private void registry(String kind, String name, String field, Map<String, Object> spec) throws Exception {
        RegistryRecords.publish(infrastructure.kafkaBootstrapServers(), json, kind, name, field, spec);
    }
}
