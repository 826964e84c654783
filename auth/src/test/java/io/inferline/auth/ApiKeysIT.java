package io.inferline.auth;

import io.inferline.auth.application.KeyDirectorySync;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
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

import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** API keys through auth's HTTP API, with the key directory in a real Redis that every API replica reads. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiKeysIT implements TestPropertyProvider {

    private static final String ADMIN_KEY = "il_admin_" + UUID.randomUUID();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    RedisAccess redis;

    @Inject
    JsonMapper json;

    @Inject
    KeyDirectorySync directorySync;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("auth");
        properties.put("inferline.auth.bootstrap.api-key", ADMIN_KEY);
        properties.put("inferline.auth.bootstrap.tenant", "keys-" + UUID.randomUUID());
        properties.put("inferline.auth.bootstrap.admin-email", "admin-" + UUID.randomUUID() + "@example.test");
        return properties;
    }

    @Test
    void aCreatedKeyIsShownOnceStoredAsAHashAndPublishedWithItsScopesAndLimits() throws Exception {
        Map<?, ?> created = create("{\"name\":\"reader\",\"scopes\":[\"jobs:read\"],"
                + "\"limits\":{\"requests_per_minute\":60}}");
        String key = (String) created.get("key");
        Map<?, ?> info = (Map<?, ?>) created.get("info");

        assertTrue(key.startsWith("il_") && key.length() > 40, key);
        assertEquals(key.substring(0, 11), info.get("prefix"));
        ApiKeyGrant grant = json.readValue(redis.commands().get(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key))),
                ApiKeyGrant.class);
        assertEquals(Set.of("jobs:read"), grant.scopes());
        assertEquals(60, grant.limits().requestsPerMinute());
        String listing = http.toBlocking().retrieve(HttpRequest.GET("/v1/keys").bearerAuth(ADMIN_KEY));
        assertTrue(listing.contains((String) info.get("id")));
        assertFalse(listing.contains(key), "a key is never shown again");
        forbidden(HttpRequest.GET("/v1/keys").bearerAuth(key), HttpStatus.FORBIDDEN);
    }

    @Test
    void aRevokedKeyLeavesTheDirectoryAtOnce() throws Exception {
        Map<?, ?> created = create("{\"scopes\":[\"jobs:write\",\"jobs:read\"]}");
        String key = (String) created.get("key");
        String id = (String) ((Map<?, ?>) created.get("info")).get("id");
        assertNotNull(redis.commands().get(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key))));

        http.toBlocking().exchange(HttpRequest.DELETE("/v1/keys/" + id).bearerAuth(ADMIN_KEY));

        assertNull(redis.commands().get(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key))));
        forbidden(HttpRequest.DELETE("/v1/keys/" + UUID.randomUUID()).bearerAuth(ADMIN_KEY), HttpStatus.NOT_FOUND);
    }

    @Test
    void everyChangeToTheDirectoryIsAnnouncedButAnUnchangedRepublishIsNot() throws Exception {
        var notices = new LinkedBlockingQueue<String>();
        try (var subscription = redis.subscribe(ApiKeyGrant.CHANGES_CHANNEL, notices::add)) {
            Map<?, ?> created = create("{\"scopes\":[\"jobs:read\"]}");
            String hash = ApiKeyGrant.hash((String) created.get("key"));
            awaitNoticeNaming(notices, hash);

            directorySync.sync();
            redis.commands().publish(ApiKeyGrant.CHANGES_CHANNEL, "end-of-sync");
            for (String notice = next(notices); !notice.equals("end-of-sync"); notice = next(notices)) {
                assertFalse(ApiKeyGrant.changedHashes(notice).contains(hash), "unchanged, yet announced: " + notice);
            }

            http.toBlocking().exchange(HttpRequest.DELETE("/v1/keys/" + ((Map<?, ?>) created.get("info")).get("id"))
                    .bearerAuth(ADMIN_KEY));
            awaitNoticeNaming(notices, hash);
        }
    }

    /** Other keys (the scheduled sync, an expiry) may be announced in between; this key must be, soon. */
    private static void awaitNoticeNaming(BlockingQueue<String> notices, String hash) throws InterruptedException {
        String notice;
        do {
            notice = next(notices);
        } while (!ApiKeyGrant.changedHashes(notice).contains(hash));
    }

    private static String next(BlockingQueue<String> notices) throws InterruptedException {
        String notice = notices.poll(10, TimeUnit.SECONDS);
        assertNotNull(notice, "no notice on " + ApiKeyGrant.CHANGES_CHANNEL);
        return notice;
    }

    @Test
    void anExpiringKeyVanishesFromTheDirectoryAtItsExpiry() throws Exception {
        Map<?, ?> created = create("{\"scopes\":[\"jobs:read\"],\"expires_at\":\"" + Instant.now().plusSeconds(2) + "\"}");
        String directoryKey = ApiKeyGrant.directoryKey(ApiKeyGrant.hash((String) created.get("key")));
        assertNotNull(redis.commands().get(directoryKey));
        Thread.sleep(2_500);
        assertNull(redis.commands().get(directoryKey));
    }

    @Test
    void badInputNamesTheField() {
        assertField("{\"scopes\":[]}", "scopes");
        assertField("{\"scopes\":[\"root\"]}", "scopes");
        assertField("{\"scopes\":[\"jobs:read\"],\"expires_at\":\"2001-01-01T00:00:00Z\"}", "expires_at");
        assertField("{\"scopes\":[\"jobs:read\"],\"limits\":{\"requests_per_minute\":\"many\"}}",
                "limits.requests_per_minute");
        assertField("{\"scopes\":[\"jobs:read\"],\"owner\":\"me\"}", "owner");
        forbidden(HttpRequest.POST("/v1/keys", "{\"scopes\":[\"jobs:read\"]}").contentType(MediaType.APPLICATION_JSON),
                HttpStatus.UNAUTHORIZED);
    }

    private void assertField(String body, String field) {
        var e = forbidden(HttpRequest.POST("/v1/keys", body).contentType(MediaType.APPLICATION_JSON).bearerAuth(ADMIN_KEY),
                HttpStatus.BAD_REQUEST);
        assertTrue(e.getResponse().getBody(String.class).orElseThrow().contains("\"field\":\"" + field + "\""),
                e.getResponse().getBody(String.class).orElseThrow());
    }

    private HttpClientResponseException forbidden(HttpRequest<?> request, HttpStatus status) {
        var e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, String.class));
        assertEquals(status, e.getStatus());
        return e;
    }

    private Map<?, ?> create(String body) {
        var response = http.toBlocking().exchange(HttpRequest.POST("/v1/keys", body)
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(ADMIN_KEY), Map.class);
        assertEquals(HttpStatus.CREATED, response.getStatus());
        return response.body();
    }
}
