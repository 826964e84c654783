package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RedisServer;
import io.lettuce.core.RedisException;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The admission scripts are sent by their SHA-1: a Redis that restarted (its script cache empty) still counts them.
 * Rate limits fail closed here, so a script that could not run would answer 503 instead of letting the job pass.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisScriptCacheIT implements TestPropertyProvider {

    private static final String KEY = "il_scripts_" + UUID.randomUUID();
    private static final String TENANT = "tenant-scripts-" + UUID.randomUUID();

    private final RedisServer redisServer = Infrastructure.startPrivateRedis();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("api");
        properties.put("redis.uri", redisServer.uri());
        properties.put("inferline.rate-limits.when-redis-unavailable", "closed");
        properties.put("inferline.rate-limits.tenants." + TENANT + ".concurrent-jobs", "1");
        properties.put("inferline.rate-limits.tenants." + TENANT + ".tokens-per-minute", "100000");
        return properties;
    }

    @Test
    void aRestartedRedisWithoutTheScriptsStillAdmitsAndCounts() throws Exception {
        grantKey();
        assertEquals(202, submit());
        assertConcurrentJobsFull();

        redisServer.stop();
        redisServer.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        awaitReconnected(deadline);
        grantKey(); // the restarted Redis kept nothing, the key directory included

        int status = submitted();
        while (status == 503 && System.nanoTime() < deadline) { // until the API's connection is back too
            Thread.sleep(50);
            status = submitted();
        }
        assertEquals(202, status, "admitted after the restart: the script is sent in full when Redis lacks it");
        assertConcurrentJobsFull();
    }

    /** The tenant's one slot is taken: proof that the admission script ran and wrote to Redis. */
    private void assertConcurrentJobsFull() {
        var refused = assertThrows(HttpClientResponseException.class, this::submit);
        assertEquals(429, refused.code(), refused.getResponse().getBody(String.class).orElse(""));
        assertTrue(refused.getResponse().getBody(String.class).orElseThrow().contains("concurrent jobs of this tenant"));
    }

    private void awaitReconnected(long deadline) throws InterruptedException {
        while (true) {
            try {
                redis.sync().ping();
                return;
            } catch (RedisException notYet) {
                if (System.nanoTime() > deadline) {
                    throw notYet;
                }
                Thread.sleep(50);
            }
        }
    }

    /** The status of a submission, refusals included. */
    private int submitted() {
        try {
            return submit();
        } catch (HttpClientResponseException e) {
            return e.code();
        }
    }

    private int submit() {
        return http.toBlocking().exchange(HttpRequest.POST("/v1/jobs", "{\"model\":\"sim-chat\",\"input\":{\"max_tokens\":10}}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(KEY), Map.class).code();
    }

    private void grantKey() throws Exception {
        var grant = new ApiKeyGrant("key-scripts", TENANT, Set.of("jobs:write", "jobs:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(KEY)), json.writeValueAsString(grant));
    }
}
