package io.inferline.api.adapter.http;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.auth.RateLimits;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.inferline.testkit.OpenAiCompatibleServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
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
 * The OpenAI-compatible endpoints on the wire: answers and errors in OpenAI's shapes, streams that end with
 * {@code [DONE]}, limits, jobs through {@code Inferline-Mode: async}, a fallback when the primary backend answers
 * 5xx, and the upstream request cancelled when the client leaves mid-stream. The backends are real
 * OpenAI-compatible HTTP servers; the registry arrives as model-mgmt publishes it.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiApiIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "tenant-openai-" + SUFFIX;
    private static final String KEY = "il_test_openai_" + UUID.randomUUID();
    private static final String LIMITED_KEY = "il_test_openai_limited_" + UUID.randomUUID();
    private static final String GUARDED_TENANT = "tenant-openai-guarded-" + SUFFIX;
    private static final String GUARDED_KEY = "il_test_openai_guarded_" + UUID.randomUUID();
    private static final String FRUGAL_TENANT = "tenant-openai-frugal-" + SUFFIX;
    private static final String FRUGAL_KEY = "il_test_openai_frugal_" + UUID.randomUUID();
    private static final String REMOTE = "remote-chat-" + SUFFIX;
    private static final String PRIMARY = "primary-chat-" + SUFFIX;
    private static final String BACKUP = "backup-chat-" + SUFFIX;
    private static final String ALIAS = "chat-" + SUFFIX;

    private final Infrastructure infrastructure = Infrastructure.shared();
    private final OpenAiCompatibleServer upstream = OpenAiCompatibleServer.start();
    private final OpenAiCompatibleServer failing = OpenAiCompatibleServer.start();
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Inject
    EmbeddedServer server;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = new HashMap<>(infrastructure.testProperties("api"));
        properties.put("inferline.backends.openai.max-attempts", "2");
        properties.put("inferline.backends.openai.initial-backoff", "10ms");
        return properties;
    }

    @BeforeAll
    void publishKeysAndModels() throws Exception {
        grant(KEY, new ApiKeyGrant("key-openai-" + SUFFIX, TENANT, Set.of("jobs:write", "jobs:read")));
        grant(LIMITED_KEY, new ApiKeyGrant("key-openai-limited-" + SUFFIX, TENANT, Set.of("jobs:write"),
                new RateLimits(2, null, null)));
        grant(GUARDED_KEY, new ApiKeyGrant("key-openai-guarded-" + SUFFIX, GUARDED_TENANT, Set.of("jobs:write")));
        grant(FRUGAL_KEY, new ApiKeyGrant("key-openai-frugal-" + SUFFIX, FRUGAL_TENANT, Set.of("jobs:write")));
        registry("tenant-policy", GUARDED_TENANT, "tenant_policy", Map.of("tenant", GUARDED_TENANT, "guards", List.of(
                Map.of("name", "no-falcon", "kind", "keyword", "pattern", "Project Falcon", "action", "block"),
                Map.of("name", "no-emails", "kind", "pii-email", "action", "redact"))));
        registry("tenant-policy", FRUGAL_TENANT, "tenant_policy", Map.of("tenant", FRUGAL_TENANT,
                "monthly_token_budget", 1000));
        model(REMOTE, upstream.v1Url(), "upstream-7b");
        model(PRIMARY, failing.v1Url(), "primary-upstream");
        model(BACKUP, upstream.v1Url(), "backup-upstream");
        registry("alias", ALIAS, "alias", Map.of("name", ALIAS,
                "splits", List.of(Map.of("model", PRIMARY, "version", "1", "weight", 1)),
                "fallbacks", List.of(Map.of("model", BACKUP))));
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (post("/v1/models/" + ALIAS, null, KEY, "GET").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the registry reached the API");
            Thread.sleep(50);
        }
    }

    @AfterAll
    void stopServers() {
        upstream.close();
        failing.close();
    }

    @Test
    void aChatCompletionFromTheSimulatorInOpenAisShape() throws Exception {
        var response = post("/v1/chat/completions", """
                {"model":"sim-chat","messages":[{"role":"user","content":"alpha beta gamma"}],"max_tokens":3}""");
        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> body = json(response);
        assertEquals("chat.completion", body.get("object"));
        assertTrue(((String) body.get("id")).startsWith("chatcmpl-"));
        assertEquals("sim-chat", body.get("model"));
        Map<?, ?> choice = (Map<?, ?>) ((List<?>) body.get("choices")).getFirst();
        assertEquals("assistant", ((Map<?, ?>) choice.get("message")).get("role"));
        assertEquals(3, ((String) ((Map<?, ?>) choice.get("message")).get("content")).split(" ").length);
        assertEquals("length", choice.get("finish_reason"));
        assertEquals(Map.of("prompt_tokens", 3, "completion_tokens", 3, "total_tokens", 6), body.get("usage"));
        assertEquals("sim-chat@1", response.headers().firstValue("Inferline-Model").orElseThrow());
    }

    @Test
    void aChatCompletionFromARemoteServerUsesItsUpstreamModel() throws Exception {
        var response = post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"hello there"}],"temperature":0.5}""".formatted(REMOTE));
        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) json(response).get("choices")).getFirst()).get("message");
        assertEquals("Echo: hello there", message.get("content"));
        var received = upstream.requests("/v1/chat/completions").getLast().json();
        assertEquals("upstream-7b", received.get("model"));
        assertEquals(0.5, ((Number) received.get("temperature")).doubleValue(), "unknown fields reach the backend");
    }

    @Test
    void aStreamedChatEndsWithDoneAndCarriesUsageWhenAskedFor() throws Exception {
        var response = post("/v1/chat/completions", """
                {"model":"%s","stream":true,"stream_options":{"include_usage":true},
                 "messages":[{"role":"user","content":"one two three"}]}""".formatted(REMOTE));
        assertEquals(200, response.statusCode(), response.body());
        assertTrue(response.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        List<String> data = sseData(response.body());
        assertEquals("[DONE]", data.getLast());
        var text = new StringBuilder();
        Map<?, ?> usage = null;
        String finish = null;
        for (String event : data.subList(0, data.size() - 1)) {
            Map<?, ?> chunk = json.readValue(event, Map.class);
            assertEquals("chat.completion.chunk", chunk.get("object"));
            assertEquals(REMOTE, chunk.get("model"));
            List<?> choices = (List<?>) chunk.get("choices");
            if (choices.isEmpty()) {
                usage = (Map<?, ?>) chunk.get("usage");
                continue;
            }
            Map<?, ?> choice = (Map<?, ?>) choices.getFirst();
            Object content = ((Map<?, ?>) choice.get("delta")).get("content");
            text.append(content == null ? "" : content);
            if (choice.get("finish_reason") != null) {
                finish = (String) choice.get("finish_reason");
            }
        }
        assertEquals("Echo: one two three", text.toString());
        assertEquals("stop", finish);
        assertNotNull(usage, data.toString());
        assertEquals(4, usage.get("completion_tokens"));
    }

    @Test
    void aStreamedCompletionFromTheSimulatorComesATokenAtATime() throws Exception {
        var response = post("/v1/completions", """
                {"model":"sim-chat","stream":true,"prompt":"red green blue","max_tokens":4}""");
        assertEquals(200, response.statusCode(), response.body());
        List<String> data = sseData(response.body());
        assertEquals("[DONE]", data.getLast());
        var pieces = new ArrayList<String>();
        for (String event : data.subList(0, data.size() - 1)) {
            Map<?, ?> choice = (Map<?, ?>) ((List<?>) json.readValue(event, Map.class).get("choices")).getFirst();
            if (!((String) choice.get("text")).isEmpty()) {
                pieces.add((String) choice.get("text"));
            }
        }
        assertEquals(4, pieces.size(), data.toString());
    }

    @Test
    void embeddingsFromTheLocalMiniLmModelAsFloatsOrBase64() throws Exception {
        var floats = post("/v1/embeddings", """
                {"model":"minilm","input":["a cat sat on the mat","stock markets fell"]}""");
        assertEquals(200, floats.statusCode(), floats.body());
        Map<?, ?> body = json(floats);
        assertEquals("list", body.get("object"));
        assertEquals("minilm", body.get("model"));
        List<?> data = (List<?>) body.get("data");
        assertEquals(2, data.size());
        assertEquals(384, ((List<?>) ((Map<?, ?>) data.get(1)).get("embedding")).size());
        assertEquals(1, ((Map<?, ?>) data.get(1)).get("index"));

        var base64 = post("/v1/embeddings", """
                {"model":"minilm","input":"a cat sat on the mat","encoding_format":"base64"}""");
        String encoded = (String) ((Map<?, ?>) ((List<?>) json(base64).get("data")).getFirst()).get("embedding");
        assertEquals(384 * 4, java.util.Base64.getDecoder().decode(encoded).length);
    }

    @Test
    void errorsComeInOpenAisShapeNamingTheParameter() throws Exception {
        var missing = post("/v1/chat/completions", """
                {"model":"sim-chat"}""");
        assertEquals(400, missing.statusCode());
        Map<?, ?> error = (Map<?, ?>) json(missing).get("error");
        assertEquals("invalid_request_error", error.get("type"));
        assertEquals("messages", error.get("param"));
        assertTrue(((String) error.get("message")).contains("messages"), error.toString());

        var malformed = post("/v1/chat/completions", "{not json");
        assertEquals(400, malformed.statusCode());
        assertEquals("invalid_request_error", ((Map<?, ?>) json(malformed).get("error")).get("type"));

        var unknown = post("/v1/chat/completions", """
                {"model":"no-such-model","messages":[{"role":"user","content":"hi"}]}""");
        assertEquals(404, unknown.statusCode());
        Map<?, ?> notFound = (Map<?, ?>) json(unknown).get("error");
        assertEquals("model_not_found", notFound.get("code"));
        assertEquals("model", notFound.get("param"));

        var wrongTask = post("/v1/embeddings", """
                {"model":"sim-chat","input":"hi"}""");
        assertEquals(400, wrongTask.statusCode());
        assertEquals("model", ((Map<?, ?>) json(wrongTask).get("error")).get("param"));

        var anonymous = post("/v1/chat/completions", "{}", null, "POST");
        assertEquals(401, anonymous.statusCode());
        assertEquals("authentication_error", ((Map<?, ?>) json(anonymous).get("error")).get("type"));
        assertTrue(anonymous.headers().firstValue("Content-Type").orElseThrow().startsWith("application/json"));
    }

    @Test
    void overTheKeysRequestLimitA429WithRetryAfter() throws Exception {
        String body = """
                {"model":"sim-chat","messages":[{"role":"user","content":"hi"}],"max_tokens":1}""";
        HttpResponse<String> last = null;
        for (int i = 0; i < 3; i++) {
            last = post("/v1/chat/completions", body, LIMITED_KEY, "POST");
        }
        assertEquals(429, last.statusCode(), last.body());
        assertTrue(Integer.parseInt(last.headers().firstValue("Retry-After").orElseThrow()) >= 1);
        Map<?, ?> error = (Map<?, ?>) json(last).get("error");
        assertEquals("rate_limit_error", error.get("type"));
        assertEquals("rate_limit_exceeded", error.get("code"));
    }

    @Test
    void guardRulesBlockWithAPermissionErrorAndRedactWhatTheBackendGets() throws Exception {
        var blocked = post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"news on project falcon?"}]}""".formatted(REMOTE),
                GUARDED_KEY, "POST");
        assertEquals(403, blocked.statusCode(), blocked.body());
        Map<?, ?> error = (Map<?, ?>) json(blocked).get("error");
        assertEquals("permission_error", error.get("type"));
        assertEquals("guard_blocked", error.get("code"));

        var redacted = post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"write to ann@example.com"}]}""".formatted(REMOTE),
                GUARDED_KEY, "POST");
        assertEquals(200, redacted.statusCode(), redacted.body());
        var received = upstream.requests("/v1/chat/completions").getLast().json();
        assertEquals("write to [redacted:no-emails]",
                ((Map<?, ?>) ((List<?>) received.get("messages")).getFirst()).get("content"));
    }

    @Test
    void aCallPastTheTenantsMonthlyBudgetIsRefusedAsInsufficientQuota() throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> refused;
        do { // the policy reaches the API with the registry topic; until then these run (using ~20 tokens each)
            refused = post("/v1/chat/completions", """
                    {"model":"sim-chat","max_tokens":5000,"messages":[{"role":"user","content":"a long answer please"}]}""",
                    FRUGAL_KEY, "POST");
            Thread.sleep(refused.statusCode() == 429 ? 0 : 50);
        } while (refused.statusCode() != 429 && System.nanoTime() < deadline);
        assertEquals(429, refused.statusCode(), refused.body());
        Map<?, ?> error = (Map<?, ?>) json(refused).get("error");
        assertEquals("insufficient_quota", error.get("type"));
        assertEquals("insufficient_quota", error.get("code"));
        assertTrue(refused.headers().firstValue("Retry-After").isPresent());

        var small = post("/v1/chat/completions", """
                {"model":"sim-chat","max_tokens":2,"messages":[{"role":"user","content":"hi"}]}""", FRUGAL_KEY, "POST");
        assertEquals(200, small.statusCode(), "a call within the budget still runs: " + small.body());
    }

    @Test
    void theModelListHasWhatTheKeyMayUse() throws Exception {
        Map<?, ?> list = json(post("/v1/models", null, KEY, "GET"));
        assertEquals("list", list.get("object"));
        List<?> ids = ((List<?>) list.get("data")).stream().map(m -> ((Map<?, ?>) m).get("id")).toList();
        assertTrue(ids.containsAll(List.of("sim-chat", "minilm", REMOTE, ALIAS)), ids.toString());
        assertEquals(404, post("/v1/models/no-such-model", null, KEY, "GET").statusCode());
    }

    @Test
    void withInferlineModeAsyncTheRequestBecomesAJob() throws Exception {
        var request = HttpRequest.newBuilder(uri("/v1/chat/completions")).header("Authorization", "Bearer " + KEY)
                .header("Content-Type", "application/json").header("Inferline-Mode", "async")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"model":"sim-chat","messages":[{"role":"user","content":"later please"}]}""")).build();
        try (var jobs = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.jobRequests("sim", Priority.NORMAL))) {
            var response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(202, response.statusCode(), response.body());
            Map<?, ?> job = json(response);
            assertEquals("queued", job.get("status"));
            assertEquals(Map.of("messages", List.of(Map.of("role", "user", "content", "later please"))), job.get("input"));
            String id = (String) job.get("id");
            assertNotNull(jobs.await(r -> id.equals(r.key()), WAIT));
        }
    }

    @Test
    void whenThePrimaryAnswers5xxTheFallbackModelAnswersAndSaysSo() throws Exception {
        failing.reset();
        failing.failNext(2, 503);
        var response = post("/v1/chat/completions", """
                {"model":"%s","messages":[{"role":"user","content":"are you there"}]}""".formatted(ALIAS));
        assertEquals(200, response.statusCode(), response.body());
        Map<?, ?> body = json(response);
        assertEquals(BACKUP, body.get("model"));
        assertEquals(BACKUP + "@1", response.headers().firstValue("Inferline-Model").orElseThrow());
        assertEquals(PRIMARY + "@1", response.headers().firstValue("Inferline-Fallback-From").orElseThrow());
        Map<?, ?> message = (Map<?, ?>) ((Map<?, ?>) ((List<?>) body.get("choices")).getFirst()).get("message");
        assertEquals("Echo: are you there", message.get("content"));
        assertEquals(2, failing.requests("/v1/chat/completions").size(), "the primary was tried (with its retry) first");
        assertEquals("backup-upstream", upstream.requests("/v1/chat/completions").getLast().json().get("model"));
    }

    @Test
    void aStreamFallsBackToo_ItsChunksAndHeadersNameTheModelThatAnswered() throws Exception {
        failing.reset();
        failing.failNext(2, 500);
        var response = post("/v1/chat/completions", """
                {"model":"%s","stream":true,"messages":[{"role":"user","content":"still there"}]}""".formatted(ALIAS));
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(BACKUP + "@1", response.headers().firstValue("Inferline-Model").orElseThrow());
        assertEquals(PRIMARY + "@1", response.headers().firstValue("Inferline-Fallback-From").orElseThrow());
        List<String> data = sseData(response.body());
        assertEquals("[DONE]", data.getLast());
        var text = new StringBuilder();
        for (String event : data.subList(0, data.size() - 1)) {
            Map<?, ?> chunk = json.readValue(event, Map.class);
            assertEquals(BACKUP, chunk.get("model"));
            Object content = ((Map<?, ?>) ((Map<?, ?>) ((List<?>) chunk.get("choices")).getFirst()).get("delta")).get("content");
            text.append(content == null ? "" : content);
        }
        assertEquals("Echo: still there", text.toString());
        assertEquals(2, failing.requests("/v1/chat/completions").size());
    }

    @Test
    void aClientLeavingMidStreamCancelsTheUpstreamRequest() throws Exception {
        String model = "slow-chat-" + SUFFIX;
        var slow = OpenAiCompatibleServer.start().tokenDelay(Duration.ofMillis(200))
                .answer("one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen");
        try (slow) {
            model(model, slow.v1Url(), "slow-upstream", 600);
            awaitModel(model);
            var request = HttpRequest.newBuilder(uri("/v1/chat/completions")).header("Authorization", "Bearer " + KEY)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                            {"model":"%s","stream":true,"messages":[{"role":"user","content":"count"}]}""".formatted(model)))
                    .build();
            var response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (var reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                int contentChunks = 0;
                String line;
                while (contentChunks < 2 && (line = reader.readLine()) != null) {
                    if (line.startsWith("data:") && line.contains("\"content\":\"") && !line.contains("\"content\":\"\"")) {
                        contentChunks++;
                    }
                }
                assertEquals(2, contentChunks, "the answer had begun");
            } // closing the body closes the connection: the client is gone
            assertTrue(slow.awaitAborted(1, WAIT), "the upstream request was aborted");
            assertEquals(0, slow.completedRequests(), "the upstream never finished its answer");
        }
    }

    @Test
    void aClientLeavingBeforeAWholeAnswerCancelsTheUpstreamRequestToo() throws Exception {
        String model = "hanging-chat-" + SUFFIX;
        var hanging = OpenAiCompatibleServer.start().hangNext(1);
        try (hanging) {
            // its timeout is far beyond the wait below: only the client leaving can end the upstream request in time
            model(model, hanging.v1Url(), "hanging-upstream", 600);
            awaitModel(model);
            String body = """
                    {"model":"%s","messages":[{"role":"user","content":"never answered"}]}""".formatted(model);
            try (var socket = new Socket("127.0.0.1", server.getPort())) {
                socket.getOutputStream().write(("POST /v1/chat/completions HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Authorization: Bearer " + KEY + "\r\nContent-Type: application/json\r\nContent-Length: "
                        + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                        .getBytes(StandardCharsets.UTF_8));
                socket.getOutputStream().flush();
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (hanging.requests("/v1/chat/completions").isEmpty()) {
                    assertTrue(System.nanoTime() < deadline, "the request reached the upstream");
                    Thread.sleep(10);
                }
            } // the client hangs up without waiting for the answer
            assertTrue(hanging.awaitAborted(1, WAIT), "the upstream request was aborted");
        }
    }

    private void awaitModel(String model) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (post("/v1/models/" + model, null, KEY, "GET").statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the registry reached the API");
            Thread.sleep(50);
        }
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return post(path, body, KEY, "POST");
    }

    private HttpResponse<String> post(String path, String body, String key, String method) throws Exception {
        var builder = HttpRequest.newBuilder(uri(path)).timeout(WAIT);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (body != null) {
            builder.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        } else {
            builder.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.getPort() + path);
    }

    private Map<?, ?> json(HttpResponse<String> response) throws Exception {
        return json.readValue(response.body(), Map.class);
    }

    private static List<String> sseData(String body) {
        return body.lines().filter(l -> l.startsWith("data:")).map(l -> l.substring(5).trim()).toList();
    }

    private void grant(String key, ApiKeyGrant grant) throws Exception {
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key)), json.writeValueAsString(grant));
    }

    private void model(String name, String endpoint, String upstreamModel) throws Exception {
        model(name, endpoint, upstreamModel, 30);
    }

    private void model(String name, String endpoint, String upstreamModel, int timeoutSeconds) throws Exception {
        registry("model", name, "model", Map.of("name", name, "task", "chat", "default_version", "1",
                "versions", List.of(Map.of("version", "1", "backend_kind", "vllm", "endpoint", endpoint, "pool", "sim",
                        "status", "active", "timeout_seconds", timeoutSeconds, "upstream_model", upstreamModel))));
    }

    private void registry(String kind, String name, String field, Map<String, Object> spec) throws Exception {
        Map<String, Object> change = new HashMap<>();
        change.put("kind", kind);
        change.put("name", name);
        change.put("revision", 1);
        change.put("changed_at", Instant.now().toString());
        change.put(field, spec);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.MODEL_REGISTRY, kind + "/" + name,
                json.writeValueAsString(change));
    }
}
