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
 * Disabling a user, changing their role or logging them out everywhere voids their access tokens in api and
 * model-mgmt from the very next request on. No password, key or token shows up in the logs of any service.
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

    @Test
    void disablingAUserVoidsTheirTokensAtOnceAndReEnablingLetsThemLogInAgain() {
        User admin = createUser("admin");
        String adminToken = login(admin.email(), admin.password());
        assertEquals(HttpStatus.OK, putModel("voided-admin-model", adminToken));
        User member = createUser("member");
        String memberToken = login(member.email(), member.password());
        assertEquals(HttpStatus.ACCEPTED, submit(memberToken));

        patchUser(admin.id(), Map.of("disabled", true));
        patchUser(member.id(), Map.of("disabled", true));

        assertEquals(HttpStatus.UNAUTHORIZED, submit(memberToken), "api refuses the disabled member's token");
        assertEquals(HttpStatus.UNAUTHORIZED, readJobs(memberToken));
        assertEquals(HttpStatus.UNAUTHORIZED, putModel("voided-admin-model", adminToken),
                "model-mgmt refuses the disabled admin's token");
        assertEquals(HttpStatus.UNAUTHORIZED, submit(adminToken));

        patchUser(member.id(), Map.of("disabled", false));
        assertEquals(HttpStatus.UNAUTHORIZED, submit(memberToken), "re-enabling does not revive an old token");
        String fresh = login(member.email(), member.password());
        assertEquals(HttpStatus.ACCEPTED, submit(fresh), "a new login right after re-enabling works");
    }

    @Test
    void aRoleChangeVoidsTheTokensThatNameTheOldRole() {
        User admin = createUser("admin");
        String adminToken = login(admin.email(), admin.password());
        assertEquals(HttpStatus.OK, putModel("demoted-admin-model", adminToken));

        patchUser(admin.id(), Map.of("role", "viewer"));

        assertEquals(HttpStatus.UNAUTHORIZED, putModel("demoted-admin-model", adminToken),
                "model-mgmt refuses the token that still says admin");
        assertEquals(HttpStatus.UNAUTHORIZED, submit(adminToken), "so does api");
        String asViewer = login(admin.email(), admin.password());
        assertEquals(HttpStatus.OK, readJobs(asViewer));
        assertEquals(HttpStatus.FORBIDDEN, submit(asViewer), "the new token has the new role");
        assertEquals(HttpStatus.FORBIDDEN, putModel("demoted-admin-model", asViewer));
    }

    @Test
    void loggingOutEverywhereVoidsEveryTokenOfTheUser() {
        User member = createUser("member");
        Map<?, ?> first = loginTokens(member.email(), member.password());
        Map<?, ?> second = loginTokens(member.email(), member.password());
        String firstAccess = (String) first.get("access_token");
        String secondAccess = (String) second.get("access_token");
        assertEquals(HttpStatus.ACCEPTED, submit(firstAccess));

        // a plain logout ends one session only
        http.toBlocking().exchange(HttpRequest.POST("/v1/auth/logout", Map.of("refresh_token",
                first.get("refresh_token"))));
        assertEquals(HttpStatus.ACCEPTED, submit(secondAccess));

        http.toBlocking().exchange(HttpRequest.POST("/v1/auth/logout", Map.of("refresh_token",
                second.get("refresh_token"), "everywhere", true)));
        assertEquals(HttpStatus.UNAUTHORIZED, submit(firstAccess));
        assertEquals(HttpStatus.UNAUTHORIZED, submit(secondAccess));
        assertEquals(HttpStatus.ACCEPTED, submit(login(member.email(), member.password())));
    }

    private record User(String id, String email, String password) {
    }

    private static User createUser(String role) {
        String email = role + "-" + UUID.randomUUID() + "@example.test";
        String password = role + " password " + UUID.randomUUID();
        SECRETS.add(password);
        Map<?, ?> created = http.toBlocking().retrieve(HttpRequest.POST("/v1/users", Map.of("email", email,
                "password", password, "role", role)).bearerAuth(API_KEY), Map.class);
        return new User((String) created.get("id"), email, password);
    }

    private static void patchUser(String id, Map<String, Object> change) {
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.PATCH("/v1/users/" + id, change)
                .bearerAuth(API_KEY)).getStatus());
    }

    private static HttpStatus submit(String token) {
        return status(HttpRequest.POST("/v1/jobs", JOB).bearerAuth(token));
    }

    private static HttpStatus readJobs(String token) {
        return status(HttpRequest.GET("/v1/jobs").bearerAuth(token));
    }

    private static HttpStatus putModel(String name, String token) {
        return status(HttpRequest.PUT("/v1/admin/models/" + name, "{\"task\":\"chat\",\"versions\":[{\"version\":"
                + "\"1\",\"backend_kind\":\"simulator\",\"pool\":\"sim\"}]}").bearerAuth(token));
    }

    private static HttpStatus status(HttpRequest<?> request) {
        try {
            return http.toBlocking().exchange(request, String.class).getStatus();
        } catch (HttpClientResponseException e) {
            return e.getStatus();
        }
    }

    private static String loginAs(String role) {
        User user = createUser(role);
        return login(user.email(), user.password());
    }

    private static String login(String email, String password) {
        return (String) loginTokens(email, password).get("access_token");
    }

    private static Map<?, ?> loginTokens(String email, String password) {
        Map<?, ?> tokens = http.toBlocking().retrieve(HttpRequest.POST("/v1/auth/login",
                Map.of("email", email, "password", password)), Map.class);
        SECRETS.add((String) tokens.get("refresh_token"));
        SECRETS.add((String) tokens.get("access_token"));
        return tokens;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
