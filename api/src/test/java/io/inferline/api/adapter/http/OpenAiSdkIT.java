package io.inferline.api.adapter.http;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.inferline.testkit.NodeProject;
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

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The official OpenAI SDK for Node ({@code openai} from npm, installed under {@code target/} on first run) pointed at
 * Inferline, which sits in front of a real OpenAI-compatible server and the local MiniLM model: chat, streamed chat,
 * embeddings, the model list, and an unknown model raising the SDK's own {@code NotFoundError}.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiSdkIT implements TestPropertyProvider {

    private static final String SUFFIX = UUID.randomUUID().toString().substring(0, 8);
    private static final String TENANT = "tenant-sdk-" + SUFFIX;
    private static final String KEY = "il_test_sdk_" + UUID.randomUUID();
    private static final String CHAT_MODEL = "sdk-chat-" + SUFFIX;

    private final Infrastructure infrastructure = Infrastructure.shared();
    private final OpenAiCompatibleServer upstream = OpenAiCompatibleServer.start();

    @Inject
    EmbeddedServer server;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("api");
    }

    @BeforeAll
    void publishKeyAndModel() throws Exception {
        var grant = new ApiKeyGrant("key-sdk-" + SUFFIX, TENANT, Set.of("jobs:write", "models:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(KEY)), json.writeValueAsString(grant));
        Map<String, Object> change = new HashMap<>();
        change.put("kind", "model");
        change.put("name", CHAT_MODEL);
        change.put("revision", 1);
        change.put("changed_at", Instant.now().toString());
        change.put("model", Map.of("name", CHAT_MODEL, "task", "chat", "default_version", "1",
                "versions", List.of(Map.of("version", "1", "backend_kind", "vllm", "endpoint", upstream.v1Url(),
                        "pool", "sim", "status", "active", "upstream_model", "upstream-sdk-model"))));
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.MODEL_REGISTRY, "model/" + CHAT_MODEL,
                json.writeValueAsString(change));
    }

    @AfterAll
    void stopServer() {
        upstream.close();
    }

    @Test
    void theOfficialSdkWorksAgainstInferline() throws Exception {
        NodeProject sdk = installSdk();
        awaitModelInRegistry();
        Map<?, ?> seen = runScenarios(sdk);

        Map<?, ?> chat = (Map<?, ?>) seen.get("chat");
        assertEquals("Echo: hello from the sdk", chat.get("content"));
        assertEquals(CHAT_MODEL, chat.get("model"));
        assertEquals("stop", chat.get("finishReason"));
        assertEquals(CHAT_MODEL + "@1", chat.get("servedBy"));
        assertNotNull(chat.get("usage"));

        Map<?, ?> stream = (Map<?, ?>) seen.get("stream");
        assertEquals("Echo: streamed words arrive", stream.get("text"));
        assertEquals(4, ((Number) stream.get("contentChunks")).intValue(), "one chunk per word, as the server sent them");
        assertEquals("stop", stream.get("finishReason"));
        assertNotNull(stream.get("usage"), "include_usage gives a usage chunk");
        assertEquals("upstream-sdk-model", upstream.requests("/v1/chat/completions").getLast().json().get("model"));

        Map<?, ?> embeddings = (Map<?, ?>) seen.get("embeddings");
        assertEquals("minilm", embeddings.get("model"));
        assertEquals(3, ((Number) embeddings.get("count")).intValue());
        assertEquals(384, ((Number) embeddings.get("dimensions")).intValue());
        assertEquals(1.0, ((Number) embeddings.get("norm")).doubleValue(), 1e-3);
        double catKitten = ((Number) embeddings.get("catKitten")).doubleValue();
        double catMarkets = ((Number) embeddings.get("catMarkets")).doubleValue();
        assertTrue(catKitten > catMarkets + 0.2, "a real model: cat/kitten " + catKitten + ", cat/markets " + catMarkets);
        assertTrue(((Number) embeddings.get("promptTokens")).intValue() > 0);

        List<?> models = (List<?>) seen.get("models");
        assertTrue(models.containsAll(List.of("sim-chat", "minilm", CHAT_MODEL)), models.toString());

        Map<?, ?> error = (Map<?, ?>) seen.get("error");
        assertNotNull(error, "an unknown model must fail");
        assertEquals(Boolean.TRUE, error.get("notFoundError"), error.toString());
        assertEquals(404, ((Number) error.get("status")).intValue());
        assertEquals("model_not_found", error.get("code"));
        assertEquals("model", error.get("param"));
        assertEquals("invalid_request_error", error.get("type"));
    }

    private Map<?, ?> runScenarios(NodeProject sdk) throws Exception {
        NodeProject.Run run = sdk.node("sdk-scenarios.mjs", Map.of(
                "INFERLINE_BASE_URL", "http://127.0.0.1:" + server.getPort() + "/v1",
                "INFERLINE_API_KEY", KEY,
                "CHAT_MODEL", CHAT_MODEL), Duration.ofSeconds(120));
        assertEquals(0, run.exitCode(), "node failed: " + run.stdout() + run.stderr());
        String last = run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
        return json.readValue(last, Map.class);
    }

    /** The SDK, pinned in openai-sdk/package.json, installed into {@code target/openai-sdk} once per build directory. */
    private static NodeProject installSdk() {
        return NodeProject.install("/openai-sdk/", List.of("package.json", "sdk-scenarios.mjs"),
                Path.of("target", "openai-sdk").toAbsolutePath());
    }

    private void awaitModelInRegistry() throws Exception {
        var client = java.net.http.HttpClient.newHttpClient();
        var request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://127.0.0.1:" + server.getPort() + "/v1/models/" + CHAT_MODEL))
                .header("Authorization", "Bearer " + KEY).build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (client.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode() != 200) {
            assertTrue(System.nanoTime() < deadline, "the registry reached the API");
            Thread.sleep(50);
        }
    }
}
