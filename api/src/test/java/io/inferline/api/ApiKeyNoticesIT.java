package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Remembered API keys with a maximum age far longer than the test, so only a change notice on
 * {@link ApiKeyGrant#CHANGES_CHANNEL} (as {@code auth} sends it) can make a change take effect here.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeyNoticesIT implements TestPropertyProvider {

    static final Duration WAIT = Duration.ofSeconds(5);

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
        properties.put("inferline.api.key-max-age", "1h");
        return properties;
    }

    @Test
    void aKeyIsAnsweredFromMemoryUntilANoticeNamesIt() throws Exception {
        String key = "il_notice_" + UUID.randomUUID();
        setGrant(key, Set.of("jobs:read"));
        assertEquals(HttpStatus.OK, listJobs(http, key));

        redis.sync().del(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)));
        assertEquals(HttpStatus.OK, listJobs(http, key), "remembered: the directory was not read again");

        announce(key);
        awaitStatus(http, key, HttpStatus.UNAUTHORIZED);
    }

    @Test
    void newScopesTakeEffectOnTheirNotice() throws Exception {
        String key = "il_notice_scopes_" + UUID.randomUUID();
        setGrant(key, Set.of("models:read"));
        assertEquals(HttpStatus.FORBIDDEN, listJobs(http, key));

        setGrant(key, Set.of("models:read", "jobs:read"));
        announce(key);

        awaitStatus(http, key, HttpStatus.OK);
    }

    @Test
    void anUnknownKeyIsNotRememberedSoANewKeyWorksAtOnce() throws Exception {
        String key = "il_notice_new_" + UUID.randomUUID();
        assertEquals(HttpStatus.UNAUTHORIZED, listJobs(http, key));

        setGrant(key, Set.of("jobs:read"));

        assertEquals(HttpStatus.OK, listJobs(http, key));
    }

    private void setGrant(String key, Set<String> scopes) throws Exception {
        var grant = new ApiKeyGrant("key-" + UUID.randomUUID(), "tenant-notices", scopes);
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
    }

    private void announce(String key) {
        redis.sync().publish(ApiKeyGrant.CHANGES_CHANNEL,
                ApiKeyGrant.changeNotice(List.of(ApiKeyGrant.hash("il_unrelated"), ApiKeyGrant.hash(key))));
    }

    static HttpStatus listJobs(HttpClient http, String key) {
        try {
            return http.toBlocking().exchange(HttpRequest.GET("/v1/jobs").bearerAuth(key), String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    /** Bounded: the notice travels asynchronously, so the change shows on one of the next requests. */
    static void awaitStatus(HttpClient http, String key, HttpStatus expected) throws InterruptedException {
        Instant deadline = Instant.now().plus(WAIT);
        HttpStatus last;
        while ((last = listJobs(http, key)) != expected) {
            if (Instant.now().isAfter(deadline)) {
                fail("still " + last + " after " + WAIT + ", expected " + expected);
            }
            Thread.sleep(20);
        }
    }
}
