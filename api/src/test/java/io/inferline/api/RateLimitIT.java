package io.inferline.api;

import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.auth.RateLimits;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Two API instances share one set of limits, on one Redis and on a Redis cluster: a limit of N per minute admits
 * N requests in total, not N per instance.
 */
class RateLimitIT {

    private static final int PER_MINUTE = 30;

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Test
    void twoInstancesOnOneRedisAdmitTheLimitInTotal() throws Exception {
        limitHoldsAcrossTwoInstances(infrastructure.testProperties("api"));
    }

    @Test
    void twoInstancesOnARedisClusterAdmitTheLimitInTotal() throws Exception {
        var properties = infrastructure.testProperties("api");
        properties.remove("redis.uri");
        properties.put("redis.uris", String.join(",", infrastructure.redisCluster().uris()));
        limitHoldsAcrossTwoInstances(properties);
    }

    @Test
    void concurrentJobsAndTokensAreLimitedPerTenant() throws Exception {
        String tenant = "tenant-slots-" + UUID.randomUUID();
        var properties = new HashMap<String, Object>(infrastructure.testProperties("api"));
        properties.put("inferline.rate-limits.tenants." + tenant + ".concurrent-jobs", "2");
        try (var api = ApplicationContext.run(EmbeddedServer.class, properties);
             var http = HttpClient.create(api.getURL())) {
            String key = publishKey(api.getApplicationContext(), tenant, new RateLimits(null, 1_000, null));
            String first = submit(http, key, 100).body().get("id").toString();
            submit(http, key, 100);
            var tooMany = rejected(http, key, 100);
            assertTrue(tooMany.getResponse().getBody(String.class).orElseThrow().contains("concurrent jobs"));

            finish(api.getApplicationContext(), first, tenant);
            long deadline = System.nanoTime() + 10_000_000_000L;
            HttpResponse<Map> admitted = null;
            while (admitted == null && System.nanoTime() < deadline) {
                try {
                    admitted = submit(http, key, 100);
                } catch (HttpClientResponseException notYet) {
                    Thread.sleep(100);
                }
            }
            assertNotNull(admitted, "a slot is free again once a job ended");
            var overTokens = rejected(http, key, 900);
            assertTrue(overTokens.getResponse().getBody(String.class).orElseThrow().contains("tokens per minute"),
                    "the key's 1,000 tokens per minute are spent");
        }
    }

    @Test
    void aRefusedAdmissionTakesNeitherTokensNorASlot() throws Exception {
        String tenant = "tenant-admit-" + UUID.randomUUID();
        var properties = new HashMap<String, Object>(infrastructure.testProperties("api"));
        properties.put("inferline.rate-limits.tenants." + tenant + ".concurrent-jobs", "1");
        properties.put("inferline.rate-limits.tenants." + tenant + ".tokens-per-minute", "1000");
        try (var api = ApplicationContext.run(EmbeddedServer.class, properties);
             var http = HttpClient.create(api.getURL())) {
            String key = publishKey(api.getApplicationContext(), tenant, null);
            var overTokens = rejected(http, key, 2_000);
            assertTrue(overTokens.getResponse().getBody(String.class).orElseThrow().contains("tokens per minute of this tenant"));
            String holder = submit(http, key, 100).body().get("id").toString(); // the one slot was not taken by the refusal

            var slotsFull = rejected(http, key, 800);
            assertTrue(slotsFull.getResponse().getBody(String.class).orElseThrow().contains("concurrent jobs"));
            finish(api.getApplicationContext(), holder, tenant);
            // about 900 of the 1,000 tokens are left only if the refusal for lack of a slot gave its 800 back
            long deadline = System.nanoTime() + 20_000_000_000L;
            HttpResponse<Map> admitted = null;
            while (admitted == null && System.nanoTime() < deadline) {
                try {
                    admitted = submit(http, key, 850);
                } catch (HttpClientResponseException refused) {
                    String body = refused.getResponse().getBody(String.class).orElseThrow();
                    assertTrue(body.contains("concurrent jobs"), "only the slot may be missing: " + body);
                    Thread.sleep(100);
                }
            }
            assertNotNull(admitted, "admitted once the slot is free, with the tokens the refused job gave back");
        }
    }

    private void limitHoldsAcrossTwoInstances(Map<String, String> properties) throws Exception {
        try (var first = ApplicationContext.run(EmbeddedServer.class, new HashMap<String, Object>(properties));
             var second = ApplicationContext.run(EmbeddedServer.class, new HashMap<String, Object>(properties));
             var one = HttpClient.create(first.getURL());
             var two = HttpClient.create(second.getURL())) {
            String key = publishKey(first.getApplicationContext(), "tenant-rl-" + UUID.randomUUID(),
                    new RateLimits(PER_MINUTE, null, null));
            List<Integer> statuses = new ArrayList<>();
            HttpClientResponseException limited = null;
            for (int i = 0; i < PER_MINUTE + 10; i++) {
                HttpClient http = i % 2 == 0 ? one : two;
                try {
                    var response = http.toBlocking().exchange(HttpRequest.GET("/v1/jobs?limit=1").bearerAuth(key), Map.class);
                    statuses.add(response.code());
                    assertNotNull(response.getHeaders().get("RateLimit-Remaining"));
                } catch (HttpClientResponseException e) {
                    statuses.add(e.code());
                    limited = e;
                }
            }
            assertEquals(PER_MINUTE, statuses.stream().filter(s -> s == 200).count(), statuses.toString());
            assertEquals(10, statuses.stream().filter(s -> s == 429).count(), statuses.toString());
            assertNotNull(limited.getResponse().getHeaders().get("Retry-After"));
            assertEquals(String.valueOf(PER_MINUTE), limited.getResponse().getHeaders().get("RateLimit-Limit"));
            assertEquals("0", limited.getResponse().getHeaders().get("RateLimit-Remaining"));
        }
    }

    private static String publishKey(ApplicationContext context, String tenant, RateLimits limits) throws Exception {
        String key = "il_rl_" + UUID.randomUUID();
        var grant = new ApiKeyGrant("key-" + UUID.randomUUID(), tenant, Set.of("jobs:write", "jobs:read"), limits);
        context.getBean(RedisAccess.class).commands().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)),
                context.getBean(JsonMapper.class).writeValueAsString(grant));
        return key;
    }

    private static HttpResponse<Map> submit(HttpClient http, String key, int maxTokens) {
        return http.toBlocking().exchange(HttpRequest.POST("/v1/jobs",
                        "{\"model\":\"sim-chat\",\"input\":{\"max_tokens\":" + maxTokens + "}}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(key), Map.class);
    }

    private static HttpClientResponseException rejected(HttpClient http, String key, int maxTokens) {
        try {
            submit(http, key, maxTokens);
        } catch (HttpClientResponseException e) {
            assertEquals(429, e.code());
            assertNotNull(e.getResponse().getHeaders().get("Retry-After"));
            return e;
        }
        throw new AssertionError("expected 429");
    }

    private void finish(ApplicationContext context, String id, String tenant) throws Exception {
        var request = new JobRequested(UUID.fromString(id), tenant, "sim-chat", "simulator", "sim", Priority.NORMAL,
                Map.of(), 1, Instant.now(), null, null, null, null);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id, context.getBean(JsonMapper.class)
                .writeValueAsString(JobEvent.succeeded(request, Map.of("text", "ok"), null, Instant.now())));
    }
}
