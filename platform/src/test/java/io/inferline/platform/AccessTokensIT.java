package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.slf4j.LoggerFactory;

import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The access token auth issues at login is accepted by the API, which verifies it against auth's JWKS over HTTP
 * (all-in-one process, as {@code ./inferline up} wires it): an admin's and a member's tokens submit jobs, a
 * viewer's token reads them but cannot submit (403 problem+json), and a member cannot write the model registry.
 * No password, key or token shows up in the logs of any service.
 */
class AccessTokensIT {

    private static final String API_KEY = "il_dev_access_tokens_test_key";
    private static final String ADMIN_PASSWORD = "admin password " + UUID.randomUUID();
    private static final String JOB = "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"Hello\",\"max_tokens\":2}}";

    private static final Set<String> SECRETS = ConcurrentHashMap.newKeySet();
    private static final List<String> LOG_LINES = Collections.synchronizedList(new ArrayList<>());

    private static ApplicationContext context;
    private static HttpClient http;

    @BeforeAll
    static void startPlatform() throws Exception {
        captureLogs();
        SECRETS.addAll(List.of(API_KEY, ADMIN_PASSWORD));
        Map<String, Object> properties = PlatformProperties.of(Infrastructure.shared(), freePort(), API_KEY,
                ADMIN_PASSWORD);
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        http = HttpClient.create(context.getBean(EmbeddedServer.class).getURL());
    }

    @AfterAll
    static void stopPlatform() {
        if (http != null) {
            http.close();
        }
        if (context != null) {
            context.close();
        }
        assertTrue(!LOG_LINES.isEmpty(), "the logs were captured");
        List<String> leaks;
        synchronized (LOG_LINES) {
            leaks = LOG_LINES.stream().filter(line -> SECRETS.stream().anyMatch(line::contains)).toList();
        }
        assertEquals(List.of(), leaks, "no password, key or token in the logs");
    }

    /** Every log line of the platform (api, auth, model-mgmt...) from now on, with our own code at TRACE. */
    private static void captureLogs() {
        var root = (ch.qos.logback.classic.Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        var appender = new ch.qos.logback.core.AppenderBase<ch.qos.logback.classic.spi.ILoggingEvent>() {
            @Override
            protected void append(ch.qos.logback.classic.spi.ILoggingEvent event) {
                String line = event.getFormattedMessage();
                if (event.getThrowableProxy() != null) {
                    line += "\n" + ch.qos.logback.classic.spi.ThrowableProxyUtil.asString(event.getThrowableProxy());
                }
                LOG_LINES.add(line);
            }
        };
        appender.setContext(root.getLoggerContext());
        appender.start();
        root.addAppender(appender);
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger("io.inferline"))
                .setLevel(ch.qos.logback.classic.Level.TRACE);
    }

    @Test
    void theApiAcceptsAuthsTokensAndTheRoleDecidesWhatTheyMayDo() {
        String admin = login(PlatformProperties.ADMIN_EMAIL, ADMIN_PASSWORD);
        var accepted = http.toBlocking().exchange(HttpRequest.POST("/v1/jobs", JOB).bearerAuth(admin), Map.class);
        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        String jobId = (String) accepted.body().get("id");

        String viewer = loginAs("viewer");
        var refused = assertThrows(HttpClientResponseException.class,
                () -> http.toBlocking().exchange(HttpRequest.POST("/v1/jobs", JOB).bearerAuth(viewer), String.class));
        assertEquals(HttpStatus.FORBIDDEN, refused.getStatus());
        assertEquals("application/problem+json", refused.getResponse().getContentType().orElseThrow().toString());
        String problem = refused.getResponse().getBody(String.class).orElseThrow();
        assertTrue(problem.contains("jobs:write"), problem);
        // a viewer reads the tenant's jobs
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/v1/jobs/" + jobId)
                .bearerAuth(viewer)).getStatus());

        String member = loginAs("member");
        assertEquals(HttpStatus.ACCEPTED, http.toBlocking().exchange(HttpRequest.POST("/v1/jobs", JOB)
                .bearerAuth(member)).getStatus());

        var forged = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.POST("/v1/jobs", JOB).bearerAuth(member.substring(0, member.lastIndexOf('.') + 1) + "AAAA"),
                String.class));
        assertEquals(HttpStatus.UNAUTHORIZED, forged.getStatus());
    }

    @Test
    void onlyAnAdminsTokenChangesTheModelRegistry() {
        String model = "{\"task\":\"chat\",\"versions\":[{\"version\":\"1\",\"backend_kind\":\"simulator\","
                + "\"pool\":\"sim\"}]}";
        String member = loginAs("member");
        var refused = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                HttpRequest.PUT("/v1/admin/models/token-model", model).bearerAuth(member), String.class));
        assertEquals(HttpStatus.FORBIDDEN, refused.getStatus());

        String admin = login(PlatformProperties.ADMIN_EMAIL, ADMIN_PASSWORD);
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.PUT("/v1/admin/models/token-model", model)
                .bearerAuth(admin)).getStatus());
    }

    private static String loginAs(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        String password = role + " password " + UUID.randomUUID();
        SECRETS.add(password);
        http.toBlocking().exchange(HttpRequest.POST("/v1/users", Map.of("email", email, "password", password,
                "role", role)).bearerAuth(API_KEY));
        return login(email, password);
    }

    private static String login(String email, String password) {
        Map<?, ?> tokens = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login",
                Map.of("email", email, "password", password)), Map.class);
        SECRETS.add((String) tokens.get("refresh_token"));
        String access = (String) tokens.get("access_token");
        SECRETS.add(access);
        return access;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
