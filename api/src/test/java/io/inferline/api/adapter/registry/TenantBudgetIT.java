package io.inferline.api.adapter.registry;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
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
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Monthly budgets from the tenant's registry policy, through the real API: jobs reserve their estimate at
 * admission, a job over the budget is refused with 429 until the month turns, and a job's reported usage replaces
 * its estimate when it ends. Every job here asks for {@code max_tokens} 300 with a 2-character prompt, so each is
 * estimated at 300 tokens.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class TenantBudgetIT implements TestPropertyProvider {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final String TOKENS_TENANT = "tenant-tokens-" + RUN;
    private static final String SPEND_TENANT = "tenant-spend-" + RUN;
    private static final String TOKENS_KEY = "il_test_budget_t_" + RUN;
    private static final String SPEND_KEY = "il_test_budget_s_" + RUN;
    private static final String PROBE_KEY = "il_test_budget_p_" + RUN;
    private static final String MODEL = "priced-" + RUN;

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("api");
    }

    @BeforeAll
    void keysModelAndPolicies() throws Exception {
        grant(TOKENS_KEY, TOKENS_TENANT);
        grant(SPEND_KEY, SPEND_TENANT);
        grant(PROBE_KEY, "tenant-unlimited-" + RUN);
        registry("tenant-policy", TOKENS_TENANT, "tenant_policy", Map.of("tenant", TOKENS_TENANT, "monthly_token_budget", 1000));
        registry("tenant-policy", SPEND_TENANT, "tenant_policy", Map.of("tenant", SPEND_TENANT, "monthly_spend_limit", 0.9));
        registry("model", MODEL, "model", Map.of("name", MODEL, "task", "chat", "default_version", "1",
                "versions", List.of(Map.of("version", "1", "backend_kind", "simulator", "pool", "sim",
                        "status", "active", "price_per_1k_tokens", 2.0))));
        awaitRegistry();
    }

    @Test
    void aTokenBudgetRefusesWhatWouldPassItAndUsageReportedAtTheEndMakesRoomAgain() throws Exception {
        String first = submit(TOKENS_KEY);
        submit(TOKENS_KEY);
        submit(TOKENS_KEY);

        var refused = assertThrows(HttpClientResponseException.class, () -> submit(TOKENS_KEY));
        assertEquals(429, refused.code());
        Map<?, ?> problem = refused.getResponse().getBody(Map.class).orElseThrow();
        assertEquals("https://inferline.dev/problems/budget-exhausted", problem.get("type"));
        assertTrue(((String) problem.get("detail")).contains("token budget of 1000 (900 used)"), problem.toString());
        long retryAfter = Long.parseLong(refused.getResponse().getHeaders().get("Retry-After"));
        assertTrue(retryAfter > 0 && retryAfter <= Duration.ofDays(31).toSeconds(), "until next month: " + retryAfter);

        finish(first, TOKENS_TENANT, new Usage(2, 28)); // 300 reserved, 30 used: 630 of 1000 spent
        awaitAdmitted(TOKENS_KEY);
        assertThrows(HttpClientResponseException.class, () -> submit(TOKENS_KEY), "930 spent, 300 more would pass 1000");
    }

    @Test
    void aSpendLimitCountsTheRoutedVersionsPrice() {
        // 300 tokens at 2.0 per 1k tokens cost 0.6: one job fits under 0.9, a second would not
        submit(SPEND_KEY);
        var refused = assertThrows(HttpClientResponseException.class, () -> submit(SPEND_KEY));
        assertEquals(429, refused.code());
        Map<?, ?> problem = refused.getResponse().getBody(Map.class).orElseThrow();
        assertTrue(((String) problem.get("detail")).contains("spend limit of 0.9 (0.6 spent)"), problem.toString());
    }

    private String submit(String key) {
        Map<?, ?> job = http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs",
                "{\"model\":\"" + MODEL + "\",\"input\":{\"prompt\":\"hi\",\"max_tokens\":300}}").bearerAuth(key), Map.class);
        return (String) job.get("id");
    }

    private void awaitAdmitted(String key) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                submit(key);
                return;
            } catch (HttpClientResponseException e) {
                if (e.code() != 429 || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The registry topic has one partition: once the model (published last) routes, the policies are in too. */
    private void awaitRegistry() throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            try {
                submit(PROBE_KEY);
                return;
            } catch (HttpClientResponseException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(50);
            }
        }
    }

    private void grant(String key, String tenant) throws Exception {
        var grant = new ApiKeyGrant("key-" + key, tenant, Set.of("jobs:write", "jobs:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
    }

    private void finish(String id, String tenant, Usage usage) throws Exception {
        var request = new JobRequested(UUID.fromString(id), tenant, MODEL, "simulator", "sim", Priority.NORMAL,
                Map.of(), 1, Instant.now(), null, null, "1", null);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.succeeded(request, Map.of("text", "ok"), usage, Instant.now())));
    }

    private void registry(String kind, String name, String field, Map<String, Object> spec) throws Exception {
        RegistryRecords.publish(infrastructure.kafkaBootstrapServers(), json, kind, name, field, spec);
    }
}
