package io.inferline.modelmgmt;

import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.application.Router;
import io.inferline.routing.domain.RouteRequest;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The registry on real PostgreSQL (through PgBouncer), Kafka and Redis, with a second running instance that only
 * learns about changes from the registry topic (and circuits from Redis).
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RegistryIT implements TestPropertyProvider {

    private static final String ADMIN_KEY = "il_registry_admin_" + UUID.randomUUID();
    private static final String MEMBER_KEY = "il_registry_member_" + UUID.randomUUID();

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    RedisAccess redis;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    JsonMapper json;

    private ApplicationContext second;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("registry");
    }

    @BeforeAll
    void startSecondInstance() throws InterruptedException {
        Map<String, Object> properties = new HashMap<>(getProperties());
        properties.put("micronaut.server.port", -1);
        second = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        assertTrue(second.getBean(RegistryView.class).awaitLoaded(Duration.ofSeconds(30)));
    }

    /** The key directory as auth publishes it: an admin key and a key without the admin scope. */
    @BeforeEach
    void publishKeys() throws Exception {
        redis.commands().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(ADMIN_KEY)),
                json.writeValueAsString(new ApiKeyGrant("key-admin", "tenant-a", Set.of("admin"))));
        redis.commands().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(MEMBER_KEY)),
                json.writeValueAsString(new ApiKeyGrant("key-member", "tenant-a", Set.of("jobs:write", "models:read"))));
    }

    @AfterAll
    void stopSecondInstance() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void anEmptyRegistryIsSeededWithTheConfiguredModel() {
        Map<?, ?> entry = http.toBlocking().retrieve(HttpRequest.GET("/v1/admin/models/sim-chat"), Map.class);
        Map<?, ?> model = (Map<?, ?>) entry.get("model");
        assertEquals("chat", model.get("task"));
        assertEquals("sim", ((Map<?, ?>) ((List<?>) model.get("versions")).getFirst()).get("pool"));
    }

    @Test
    void onlyAnAdminChangesTheRegistry() {
        String body = "{\"task\":\"chat\",\"versions\":[{\"version\":\"1\",\"backend_kind\":\"simulator\","
                + "\"pool\":\"sim\"}]}";
        assertEquals(HttpStatus.UNAUTHORIZED, http(() -> http.toBlocking().exchange(
                HttpRequest.PUT("/v1/admin/models/guarded-model", body))).getStatus());
        assertEquals(HttpStatus.UNAUTHORIZED, http(() -> http.toBlocking().exchange(
                HttpRequest.PUT("/v1/admin/models/guarded-model", body).bearerAuth("il_no_such_key"))).getStatus());
        var forbidden = http(() -> http.toBlocking().exchange(
                HttpRequest.DELETE("/v1/admin/models/sim-chat").bearerAuth(MEMBER_KEY)));
        assertEquals(HttpStatus.FORBIDDEN, forbidden.getStatus());
        assertEquals("application/problem+json", forbidden.getResponse().getContentType().orElseThrow().toString());
        assertEquals(HttpStatus.OK, http.toBlocking().exchange(HttpRequest.GET("/v1/admin/models/sim-chat"))
                .getStatus());

        put("/v1/admin/models/guarded-model", body);
    }

    @Test
    void invalidInputIsA4xxNamingTheField() {
        var bad = http(() -> http.toBlocking().exchange(HttpRequest.PUT("/v1/admin/models/bad-model", """
                {"task":"poetry","versions":[{"version":"1","backend_kind":"vllm","pool":"Not A Pool",
                  "endpoint":"ftp://x","max_tokens":0,"status":"sleeping"}],
                 "guards":[{"name":"r","kind":"regex","pattern":"(unclosed","action":"block"}]}""").bearerAuth(ADMIN_KEY)));
        assertEquals(HttpStatus.BAD_REQUEST, bad.getStatus());
        assertEquals("application/problem+json", bad.getResponse().getContentType().orElseThrow().toString());
        var fields = fields(bad);
        for (String field : List.of("task", "versions[0].pool", "versions[0].endpoint", "versions[0].max_tokens",
                "versions[0].status", "guards[0].pattern")) {
            assertTrue(fields.contains(field), field + " not in " + fields);
        }

        var unknown = http(() -> http.toBlocking().exchange(HttpRequest.PUT("/v1/admin/aliases/ghost", """
                {"splits":[{"model":"no-such-model","version":"1","weight":100}]}""").bearerAuth(ADMIN_KEY)));
        assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, unknown.getStatus());
        assertEquals(List.of("splits[0].model"), fields(unknown));

        var weights = http(() -> http.toBlocking().exchange(HttpRequest.PUT("/v1/admin/aliases/ghost", """
                {"splits":[{"model":"sim-chat","version":"1","weight":-5}]}""").bearerAuth(ADMIN_KEY)));
        assertEquals(List.of("splits[0].weight"), fields(weights));

        var budgets = http(() -> http.toBlocking().exchange(HttpRequest.PUT("/v1/admin/tenant-policies/acme", """
                {"monthly_token_budget":-1,"monthly_spend_limit":-0.5}""").bearerAuth(ADMIN_KEY)));
        assertEquals(HttpStatus.BAD_REQUEST, budgets.getStatus());
        assertEquals(List.of("monthly_token_budget", "monthly_spend_limit"), fields(budgets));
    }

    @Test
    void aChangeIsAppliedByTheSecondInstanceWithinOneSecond() {
        put("/v1/admin/models/canary-model", """
                {"task":"chat","default_version":"1","versions":[
                  {"version":"1","backend_kind":"simulator","pool":"sim","status":"active"},
                  {"version":"2","backend_kind":"simulator","pool":"sim","status":"active","price_per_1k_tokens":0.002}]}""");
        put("/v1/admin/models/backup-model", """
                {"task":"chat","versions":[{"version":"1","backend_kind":"simulator","pool":"sim"}]}""");
        Router router = second.getBean(Router.class);
        long started = System.nanoTime();
        put("/v1/admin/aliases/canary", """
                {"splits":[{"model":"canary-model","version":"1","weight":0},{"model":"canary-model","version":"2","weight":100}],
                 "fallbacks":[{"model":"backup-model"}]}""");
        within(Duration.ofSeconds(1), started, () -> router.decide(request("canary")).isPresent());
        assertEquals("2", router.decide(request("canary")).orElseThrow().version());

        // disable version 2: the other instance sends nothing there any more, within a second
        started = System.nanoTime();
        put("/v1/admin/models/canary-model", """
                {"task":"chat","default_version":"1","versions":[
                  {"version":"1","backend_kind":"simulator","pool":"sim","status":"active"},
                  {"version":"2","backend_kind":"simulator","pool":"sim","status":"disabled"}]}""");
        within(Duration.ofSeconds(1), started, () -> router.decide(request("canary")).orElseThrow().model().equals("backup-model"));
        assertTrue(router.decide(request("canary")).orElseThrow().reason().contains("canary-model@2 (disabled)"));

        // open the fallback's circuit through this instance: the other one stops using it (Redis, not the topic)
        put("/v1/admin/models/canary-model", """
                {"task":"chat","default_version":"1","versions":[
                  {"version":"1","backend_kind":"simulator","pool":"sim","status":"active"},
                  {"version":"2","backend_kind":"simulator","pool":"sim","status":"active"}]}""");
        within(Duration.ofSeconds(1), System.nanoTime(), () -> router.decide(request("canary")).orElseThrow().version().equals("2"));
        started = System.nanoTime();
        put("/v1/admin/models/canary-model/versions/2/circuit", "{\"open_seconds\":60}");
        within(Duration.ofSeconds(1), started, () -> router.decide(request("canary")).orElseThrow().model().equals("backup-model"));
        assertTrue(router.decide(request("canary")).orElseThrow().reason().contains("circuit open"));
        http.toBlocking().exchange(HttpRequest.DELETE("/v1/admin/models/canary-model/versions/2/circuit")
                .bearerAuth(ADMIN_KEY));

        // deleting: the alias disappears from the other instance too
        started = System.nanoTime();
        http.toBlocking().exchange(HttpRequest.DELETE("/v1/admin/aliases/canary").bearerAuth(ADMIN_KEY));
        within(Duration.ofSeconds(1), started, () -> router.decide(request("canary")).isEmpty());
    }

    @Test
    void aModelAnAliasStillUsesCannotBeDeleted() {
        put("/v1/admin/models/kept-model", """
                {"task":"embedding","versions":[{"version":"1","backend_kind":"bert","pool":"sim"}]}""");
        put("/v1/admin/aliases/keeper", """
                {"splits":[{"model":"kept-model","version":"1","weight":1}]}""");
        var conflict = http(() -> http.toBlocking().exchange(HttpRequest.DELETE("/v1/admin/models/kept-model")
                .bearerAuth(ADMIN_KEY)));
        assertEquals(HttpStatus.CONFLICT, conflict.getStatus());
    }

    private static RouteRequest request(String model) {
        return new RouteRequest("tenant-a", model, Priority.NORMAL, null, "key-1", null, Map.of());
    }

    private void put(String path, String body) {
        HttpResponse<?> response = http.toBlocking().exchange(HttpRequest.PUT(path, body).bearerAuth(ADMIN_KEY));
        assertTrue(response.getStatus().getCode() < 300, path + ": " + response.getStatus());
    }

    private static void within(Duration limit, long startedNanos, BooleanSupplier condition) {
        long deadline = startedNanos + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not applied within " + limit);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(5);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
    }

    private static HttpClientResponseException http(org.junit.jupiter.api.function.Executable call) {
        return assertThrows(HttpClientResponseException.class, call);
    }

    private List<String> fields(HttpClientResponseException e) {
        Map<?, ?> problem = e.getResponse().getBody(Map.class).orElseThrow();
        return ((List<?>) problem.get("errors")).stream().map(error -> (String) ((Map<?, ?>) error).get("field")).toList();
    }
}
