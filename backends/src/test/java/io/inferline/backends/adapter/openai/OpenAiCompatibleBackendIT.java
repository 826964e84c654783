package io.inferline.backends.adapter.openai;

import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.OpenAiCompatibleServer;
import io.inferline.testkit.RedisServer;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The OpenAI-compatible backend against a real HTTP server (testkit's), with a real Redis for circuit states. */
class OpenAiCompatibleBackendIT {

    private static final Duration OPEN_DURATION = Duration.ofMillis(700);

    private static RedisServer redisServer;
    private static ApplicationContext context;
    private static OpenAiCompatibleBackend backend;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    /** A server of each test's own, so one test's failures never open another's circuit. */
    private OpenAiCompatibleServer server;

    @BeforeAll
    static void startContext() {
        redisServer = Infrastructure.startPrivateRedis();
        context = ApplicationContext.run(Map.of(
                "redis.uri", redisServer.uri(),
                "inferline.kafka.declare-topics", "false",
                "inferline.backends.openai.max-attempts", "3",
                "inferline.backends.openai.initial-backoff", "10ms",
                "inferline.backends.openai.max-backoff", "40ms",
                "inferline.backends.openai.default-timeout", "5s",
                "inferline.backends.openai.circuit.failure-threshold", "3",
                "inferline.backends.openai.circuit.open-duration", OPEN_DURATION.toMillis() + "ms",
                "inferline.backends.openai.credentials.keyed.models", "keyed-model",
                "inferline.backends.openai.credentials.keyed.api-key", "sk-test-123"));
        backend = context.getBean(OpenAiCompatibleBackend.class);
        redisClient = RedisClient.create(redisServer.uri());
        redis = redisClient.connect();
    }

    @AfterAll
    static void stopContext() {
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (context != null) {
            context.close();
        }
        redisServer.close();
    }

    @BeforeEach
    void startServer() {
        server = OpenAiCompatibleServer.start();
    }

    @AfterEach
    void stopServer() {
        server.close();
    }

    @Test
    void servesTheKindsOfOpenAiCompatibleServers() {
        assertTrue(backend.kinds().containsAll(List.of("openai", "openai-compatible", "vllm", "tensorrt-llm", "deepseek")));
    }

    @Test
    void answersAChatWithTheUpstreamModelAndUsage() throws Exception {
        BackendResult result = backend.invoke(call("chat-model", target("chat", server.v1Url() + "/", "upstream-7b"),
                chat("hello there"), ChunkListener.NONE));

        assertEquals(Map.of("text", "Echo: hello there", "finish_reason", "stop", "model", "upstream-7b"), result.output());
        assertEquals(new Usage(2, 3), result.usage());
        var received = server.requests("/v1/chat/completions").getFirst();
        assertEquals("upstream-7b", received.json().get("model"));
        assertNull(received.json().get("stream"));
        assertNull(received.header("authorization"), "no credential is configured for this model or host");
    }

    @Test
    void streamsAChatForwardingEveryPieceAndAccumulatesTheAnswerAndUsage() throws Exception {
        List<Map<String, Object>> chunks = new CopyOnWriteArrayList<>();

        BackendResult result = backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"),
                chat("one two three"), chunks::add));

        assertEquals("Echo: one two three", result.output().get("text"));
        assertEquals(new Usage(3, 4), result.usage());
        assertEquals(List.of("Echo:", " one", " two", " three", ""), chunks.stream().map(c -> c.get("delta")).toList());
        assertEquals("stop", chunks.getLast().get("finish_reason"));
        Map<String, Object> sent = server.requests().getFirst().json();
        assertEquals(true, sent.get("stream"));
        assertEquals(Map.of("include_usage", true), sent.get("stream_options"));
    }

    @Test
    void streamsWhenTheInputAsksEvenWithoutAListener() throws Exception {
        var input = Map.<String, Object>of("messages", List.of(Map.of("role", "user", "content", "x")), "stream", true);

        BackendResult result = backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"), input,
                ChunkListener.NONE));

        assertEquals("Echo: x", result.output().get("text"));
        assertEquals(true, server.requests().getFirst().json().get("stream"));
    }

    @Test
    void completesAPromptOnTheCompletionsEndpoint() throws Exception {
        BackendResult result = backend.invoke(call("completer", target("completion", server.baseUrl(), "c"),
                Map.of("prompt", "once upon a time", "max_tokens", 3), ChunkListener.NONE));

        assertEquals("Echo: once upon", result.output().get("text"));
        assertEquals("length", result.output().get("finish_reason"));
        assertEquals(new Usage(4, 3), result.usage());
        assertEquals(1, server.requests("/v1/completions").size());
    }

    @Test
    void embedsEveryInputInOrder() throws Exception {
        BackendResult result = backend.invoke(call("embedder", target("embedding", server.v1Url(), "e"),
                Map.of("input", List.of("first", "second")), ChunkListener.NONE));

        assertEquals(16, result.output().get("dimensions"));
        List<?> vectors = (List<?>) result.output().get("embeddings");
        assertEquals(2, vectors.size());
        assertEquals(floats(OpenAiCompatibleServer.vector("first", 16)), vectors.get(0));
        assertEquals(floats(OpenAiCompatibleServer.vector("second", 16)), vectors.get(1));
    }

    @Test
    void sendsTheConfiguredKeyForItsModel() throws Exception {
        server.requireApiKey("sk-test-123");

        backend.invoke(call("keyed-model", target("chat", server.baseUrl(), "k"), chat("hi"), ChunkListener.NONE));
        var rejected = assertThrows(BackendException.class, () -> backend.invoke(call("other-model",
                target("chat", server.baseUrl(), "k"), chat("hi"), ChunkListener.NONE)));

        assertEquals("Bearer sk-test-123", server.requests().getFirst().header("authorization"));
        assertEquals("backend_rejected", rejected.type());
        assertEquals(2, server.requests().size(), "a rejected request is not retried");
    }

    @Test
    void waitsAsLongAsRetryAfterSaysThenSucceeds() throws Exception {
        server.rateLimitNext(1, "1");

        BackendResult result = backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"), chat("again"),
                ChunkListener.NONE));

        assertEquals("Echo: again", result.output().get("text"));
        var requests = server.requests();
        assertEquals(2, requests.size());
        Duration gap = Duration.between(requests.get(0).receivedAt(), requests.get(1).receivedAt());
        assertTrue(gap.compareTo(Duration.ofMillis(900)) >= 0, "retried after " + gap + " despite Retry-After: 1");
    }

    @Test
    void retriesServerErrorsThenSucceeds() throws Exception {
        server.failNext(2, 503);

        BackendResult result = backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"), chat("x"),
                ChunkListener.NONE));

        assertEquals("Echo: x", result.output().get("text"));
        assertEquals(3, server.requests().size());
    }

    @Test
    void givesUpWithBackendErrorAfterMaxAttempts() {
        server.failNext(10, 500);

        var error = assertThrows(BackendException.class, () -> backend.invoke(call("chat-model",
                target("chat", server.baseUrl(), "m"), chat("x"), ChunkListener.NONE)));

        assertEquals("backend_error", error.type());
        assertEquals(3, server.requests().size());
    }

    @Test
    void anUnreachableEndpointIsUnavailable() throws Exception {
        String closed;
        try (var gone = OpenAiCompatibleServer.start()) {
            closed = gone.baseUrl();
        }

        var error = assertThrows(BackendException.class, () -> backend.invoke(call("chat-model",
                target("chat", closed, "m"), chat("x"), ChunkListener.NONE)));

        assertEquals("backend_unavailable", error.type());
    }

    @Test
    void aSlowAnswerTimesOutAndIsNotRetried() throws Exception {
        server.delayNext(1, Duration.ofSeconds(5));
        var slow = new BackendTarget("vllm", "chat", URI.create(server.baseUrl()), "m", Duration.ofMillis(300), null);

        var error = assertThrows(BackendException.class, () -> backend.invoke(call("chat-model", slow, chat("x"),
                ChunkListener.NONE)));

        assertEquals("backend_timeout", error.type());
        assertEquals(1, server.requests().size());
        assertTrue(server.awaitAborted(1, Duration.ofSeconds(5)), "the timed-out request is abandoned upstream");
    }

    @Test
    void aStreamThatStaysSlowTimesOut() {
        server.tokenDelay(Duration.ofMillis(150)).answer("a b c d e f g h i j k l");
        var slow = new BackendTarget("vllm", "chat", URI.create(server.baseUrl()), "m", Duration.ofMillis(500), null);

        var error = assertThrows(BackendException.class, () -> backend.invoke(call("chat-model", slow, chat("x"),
                chunk -> { })));

        assertEquals("backend_timeout", error.type());
    }

    @Test
    void aStreamCutAfterForwardedChunksIsNotRetried() {
        // the token delay lets the client read both pieces before the cut (a cut racing them may discard them)
        server.cutStreamNext(1, 2).tokenDelay(Duration.ofMillis(100));
        List<Map<String, Object>> chunks = new CopyOnWriteArrayList<>();

        var error = assertThrows(BackendException.class, () -> backend.invoke(call("chat-model",
                target("chat", server.baseUrl(), "m"), chat("a b c d"), chunks::add)));

        assertEquals("backend_unavailable", error.type());
        assertEquals(2, chunks.size());
        assertEquals(1, server.requests().size(), "a retry would repeat the pieces the caller already has");
    }

    @Test
    void aCutStreamNobodyListenedToIsRetried() throws Exception {
        server.cutStreamNext(1, 2);
        var input = Map.<String, Object>of("messages", List.of(Map.of("role", "user", "content", "a b")), "stream", true);

        BackendResult result = backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"), input,
                ChunkListener.NONE));

        assertEquals("Echo: a b", result.output().get("text"));
        assertEquals(2, server.requests().size());
    }

    @Test
    void theCircuitOpensFailsFastIsPublishedAndAProbeClosesIt() throws Exception {
        server.failNext(3, 500);
        var target = new BackendTarget("vllm", "chat", URI.create(server.baseUrl()), "m", null, "v3");
        String field = CircuitKeys.field("circuit-model", "v3");
        long before = System.currentTimeMillis();

        var first = assertThrows(BackendException.class, () -> backend.invoke(call("circuit-model", target, chat("x"),
                ChunkListener.NONE)));
        var fast = assertThrows(BackendException.class, () -> backend.invoke(call("circuit-model", target, chat("x"),
                ChunkListener.NONE)));

        assertEquals("backend_error", first.type());
        assertEquals("backend_unavailable", fast.type());
        assertEquals(3, server.requests().size(), "an open circuit does not call the server");
        String until = awaitField(field, true);
        assertTrue(Long.parseLong(until) >= before + OPEN_DURATION.toMillis(), "open until " + until);

        Thread.sleep(OPEN_DURATION.plusMillis(100));
        BackendResult probe = backend.invoke(call("circuit-model", target, chat("back")));

        assertEquals("Echo: back", probe.output().get("text"));
        assertNull(awaitField(field, false), "a closed circuit leaves the routers' hash");
    }

    @Test
    void anInterruptMidStreamAbortsTheUpstreamRequest() throws Exception {
        server.tokenDelay(Duration.ofMillis(100)).answer("a long answer that takes a couple of seconds to stream out");
        var firstChunk = new CountDownLatch(1);
        var outcome = new AtomicReference<Throwable>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                backend.invoke(call("chat-model", target("chat", server.baseUrl(), "m"), chat("x"),
                        chunk -> firstChunk.countDown()));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        assertTrue(firstChunk.await(5, TimeUnit.SECONDS));
        caller.interrupt();
        caller.join(5_000);

        assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(server.awaitAborted(1, Duration.ofSeconds(5)), "the server saw the client leave");
        assertEquals(0, server.completedRequests());
    }

    @Test
    void anInterruptWhileWaitingForAnAnswerAbortsTheUpstreamRequest() throws Exception {
        server.hangNext(1);
        var outcome = new AtomicReference<Throwable>();
        Thread caller = Thread.ofPlatform().start(() -> {
            try {
                backend.invoke(call("embedder", target("embedding", server.baseUrl(), "e"), Map.of("input", "x"),
                        ChunkListener.NONE));
            } catch (Throwable e) {
                outcome.set(e);
            }
        });
        while (server.requests().isEmpty()) {
            Thread.sleep(10);
        }
        caller.interrupt();
        caller.join(5_000);

        assertInstanceOf(InterruptedException.class, outcome.get());
        assertTrue(server.awaitAborted(1, Duration.ofSeconds(5)));
    }

    private String awaitField(String field, boolean present) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        String value = redis.sync().hget(CircuitKeys.HASH, field);
        while ((value != null) != present && System.nanoTime() < end) {
            Thread.sleep(20);
            value = redis.sync().hget(CircuitKeys.HASH, field);
        }
        assertEquals(present, value != null, "circuit field " + field);
        return value;
    }

    private static BackendTarget target(String task, String endpoint, String upstreamModel) {
        return new BackendTarget("openai-compatible", task, URI.create(endpoint), upstreamModel, null, null);
    }

    private static Map<String, Object> chat(String content) {
        return Map.of("messages", List.of(Map.of("role", "system", "content", "be brief"),
                Map.of("role", "user", "content", content)));
    }

    private static BackendCall call(String model, BackendTarget target, Map<String, Object> input) {
        return call(model, target, input, ChunkListener.NONE);
    }

    private static BackendCall call(String model, BackendTarget target, Map<String, Object> input, ChunkListener chunks) {
        return new BackendCall(UUID.randomUUID(), 1, model, target, input, chunks);
    }

    private static List<Float> floats(float[] vector) {
        var list = new ArrayList<Float>();
        for (float v : vector) {
            list.add(v);
        }
        return list;
    }
}
