package io.inferline.auth;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.RedisServer;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * Voided access tokens while Redis is away, on a Redis of auth's own that the test stops: a void this replica has
 * read still refuses its token, other verified tokens are accepted (fail-open), and a change that would need a new
 * void is refused with 503 and changes nothing.
 */
@MicronautTest(transactional = false)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VoidedTokensOutageIT implements TestPropertyProvider {

    private static final String ADMIN_EMAIL = "outage-admin-" + UUID.randomUUID() + "@example.test";
    private static final String ADMIN_PASSWORD = "outage admin " + UUID.randomUUID();
    private static final String ADMIN_KEY = "il_outage_admin_" + UUID.randomUUID();

    private final RedisServer redisServer = Infrastructure.startPrivateRedis();

    @Inject
    @Client("/")
    HttpClient http;

    @Override
    public Map<String, String> getProperties() {
        var properties = Infrastructure.shared().testProperties("auth");
        properties.put("redis.uri", redisServer.uri());
        properties.put("inferline.auth.bootstrap.api-key", ADMIN_KEY);
        properties.put("inferline.auth.bootstrap.tenant", "voids-outage-" + UUID.randomUUID());
        properties.put("inferline.auth.bootstrap.admin-email", ADMIN_EMAIL);
        properties.put("inferline.auth.bootstrap.admin-password", ADMIN_PASSWORD);
        return properties;
    }

    @AfterAll
    void stopRedis() {
        redisServer.close();
    }

    @Test
    void aSeenVoidStillHoldsOtherTokensWorkAndNewVoidsAreRefused() {
        User demoted = createAdmin("demoted");
        String demotedToken = login(demoted);
        User kept = createAdmin("kept");
        String keptToken = login(kept);
        assertEquals(HttpStatus.OK, patch(demoted, Map.of("role", "member")));
        assertEquals(HttpStatus.UNAUTHORIZED, status(HttpRequest.GET("/v1/users").bearerAuth(demotedToken)));

        redisServer.stop();

        assertEquals(HttpStatus.UNAUTHORIZED, status(HttpRequest.GET("/v1/users").bearerAuth(demotedToken)),
                "the void this replica read still holds");
        assertEquals(HttpStatus.OK, status(HttpRequest.GET("/v1/users").bearerAuth(keptToken)),
                "a verified token without a known void is accepted (fail-open)");
        assertEquals(HttpStatus.SERVICE_UNAVAILABLE, patch(kept, Map.of("disabled", true)));
        List<?> users = (List<?>) http.toBlocking().retrieve(HttpRequest.GET("/v1/users").bearerAuth(ADMIN_KEY),
                Map.class).get("data");
        Map<?, ?> keptNow = users.stream().map(u -> (Map<?, ?>) u).filter(u -> kept.id().equals(u.get("id")))
                .findFirst().orElseThrow();
        assertNull(keptNow.get("disabled_at"), "nothing was changed: " + keptNow);
    }

    private record User(String id, String email, String password) {
    }

    private User createAdmin(String name) {
        String email = name + "-" + UUID.randomUUID() + "@example.test";
        String password = name + " password " + UUID.randomUUID();
        Map<?, ?> user = http.toBlocking().retrieve(HttpRequest.POST("/v1/users", Map.of("email", email,
                "password", password, "role", "admin")).bearerAuth(ADMIN_KEY), Map.class);
        return new User((String) user.get("id"), email, password);
    }

    private String login(User user) {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login", Map.of("email", user.email(),
                "password", user.password())), Map.class).get("access_token");
    }

    private HttpStatus patch(User user, Map<String, Object> change) {
        return status(HttpRequest.PATCH("/v1/users/" + user.id(), change).bearerAuth(ADMIN_KEY));
    }

    private HttpStatus status(HttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }
}
