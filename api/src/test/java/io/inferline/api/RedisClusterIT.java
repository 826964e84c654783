package io.inferline.api;

import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobSignals;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.cluster.api.sync.RedisAdvancedClusterCommands;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

/** The API on a 6-node Redis cluster, as in production: every Redis use works across slots and nodes. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisClusterIT implements TestPropertyProvider {

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RedisAccess redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = infrastructure.testProperties("api");
        properties.remove("redis.uri");
        properties.put("redis.uris", String.join(",", infrastructure.redisCluster().uris()));
        return properties;
    }

    @Test
    void keysCacheCancelsAndWakeUpsWorkOnACluster() throws Exception {
        assertInstanceOf(RedisAdvancedClusterCommands.class, redis.commands(), "the API talks to the cluster");
        List<String> keys = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String key = "il_cluster_" + i + "_" + UUID.randomUUID();
            var grant = new ApiKeyGrant("key-" + i, "tenant-cluster", Set.of("jobs:write", "jobs:read"));
            redis.commands().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
            keys.add(key);
        }
        var ids = new ArrayList<String>();
        for (String key : keys) {
            ids.add(submit(key));
        }
        for (String id : ids) {
            assertEquals("queued", get(keys.get(0), id, null).get("status"), "any key of the tenant reads any of its jobs");
        }

        String canceled = ids.get(0);
        http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs/" + canceled + "/cancel", "").bearerAuth(keys.get(1)), Map.class);
        assertEquals(1L, redis.commands().exists(JobSignals.canceledKey(UUID.fromString(canceled))));

        String waited = ids.get(1);
        var poll = CompletableFuture.supplyAsync(() -> get(keys.get(2), waited, "wait=30"));
        Thread.sleep(500);
        var request = new JobRequested(UUID.fromString(waited), "tenant-cluster", "sim-chat", "simulator", "sim",
                Priority.NORMAL, Map.of(), 1, Instant.now(), null, null, null, null);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, waited,
                json.writeValueAsString(JobEvent.succeeded(request, Map.of("text", "ok"), null, Instant.now())));
        assertEquals("succeeded", poll.get(20, TimeUnit.SECONDS).get("status"),
                "the change was announced over the cluster's pub/sub");
    }

    private String submit(String key) {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs", "{\"model\":\"sim-chat\",\"input\":{}}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(key), Map.class).get("id");
    }

    private Map<?, ?> get(String key, String id, String prefer) {
        var request = HttpRequest.GET("/v1/jobs/" + id).bearerAuth(key);
        if (prefer != null) {
            request.header("Prefer", prefer);
        }
        return http.toBlocking().retrieve(request, Map.class);
    }
}
