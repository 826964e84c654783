package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RedisServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
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

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The API on a Redis of its own, which the test stops: PostgreSQL answers instead. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RedisOutageIT implements TestPropertyProvider {

    private static final String KEY = "il_outage_" + UUID.randomUUID();
    private static final String UNSEEN_KEY = "il_outage_unseen_" + UUID.randomUUID();

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
        return properties;
    }

    @Test
    void withRedisGoneJobsAreStillSubmittedReadListedAndCanceled() throws Exception {
        for (String key : List.of(KEY, UNSEEN_KEY)) {
            var grant = new ApiKeyGrant("key-outage", "tenant-outage", Set.of("jobs:write", "jobs:read"));
            redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
        }
        String before = submit();
        assertEquals("queued", get(before).get("status"));

        redisServer.close();

        assertEquals("queued", get(before).get("status"), "read from PostgreSQL");
        String during = submit();
        assertEquals("queued", get(during).get("status"));
        assertEquals(2, ((List<?>) http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs").bearerAuth(KEY), Map.class)
                .get("data")).size());
        assertEquals("canceled", http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs/" + during + "/cancel", "")
                .bearerAuth(KEY), Map.class).get("status"));
        var unseen = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.GET("/v1/jobs/" + before).bearerAuth(UNSEEN_KEY), String.class));
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, unseen.getStatus(),
                "a key never seen cannot be checked while Redis is away: 503, not 401 or 500");
    }

    private String submit() {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs", "{\"model\":\"sim-chat\",\"input\":{}}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(KEY), Map.class).get("id");
    }

    private Map<?, ?> get(String id) {
        return http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(KEY), Map.class);
    }
}
