package io.inferline.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OpenAiCompatibleServerIT {

    private static final OpenAiCompatibleServer SERVER = OpenAiCompatibleServer.start();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static final ObjectMapper JSON = new ObjectMapper();

    @BeforeEach
    void reset() {
        SERVER.reset();
        SERVER.tokenDelay(Duration.ZERO).answer(null).requireApiKey(null);
    }

    @AfterAll
    static void close() {
        SERVER.close();
    }

    @Test
    void answersChatWithTheEchoAndUsage() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions",
                "{\"model\":\"m1\",\"messages\":[{\"role\":\"user\",\"content\":\"hello there\"}]}");

        assertEquals(200, response.statusCode());
        Map<?, ?> body = JSON.readValue(response.body(), Map.class);
        Map<?, ?> choice = (Map<?, ?>) ((List<?>) body.get("choices")).getFirst();
        assertEquals("Echo: hello there", ((Map<?, ?>) choice.get("message")).get("content"));
        assertEquals(Map.of("prompt_tokens", 2, "completion_tokens", 3, "total_tokens", 5), body.get("usage"));
        assertEquals("m1", body.get("model"));
        assertEquals("m1", SERVER.requests("/v1/chat/completions").getFirst().json().get("model"));
    }

    @Test
    void streamsChunksThenUsageThenDone() throws Exception {
        HttpResponse<String> response = post("/v1/chat/completions", "{\"model\":\"m1\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"a b\"}]}");

        List<String> events = response.body().lines().filter(l -> l.startsWith("data: ")).toList();
        assertEquals("data: [DONE]", events.getLast());
        assertTrue(events.get(events.size() - 2).contains("\"usage\":{\"prompt_tokens\":2,\"completion_tokens\":3"));
        String text = events.stream().filter(e -> e.contains("\"content\":\"")).map(e -> e.replaceAll(".*\"content\":\"([^\"]*)\".*", "$1"))
                .reduce("", String::concat);
        assertEquals("Echo: a b", text);
        assertTrue(response.headers().firstValue("content-type").orElseThrow().startsWith("text/event-stream"));
    }

    @Test
    void embedsDeterministically() throws Exception {
        String request = "{\"model\":\"e\",\"input\":[\"x\",\"y\"],\"dimensions\":4}";
        Map<?, ?> first = JSON.readValue(post("/v1/embeddings", request).body(), Map.class);
        Map<?, ?> second = JSON.readValue(post("/v1/embeddings", request).body(), Map.class);

        assertEquals(first.get("data"), second.get("data"));
        assertEquals(2, ((List<?>) first.get("data")).size());
    }

    @Test
    void failsAsScriptedThenAnswers() throws Exception {
        SERVER.rateLimitNext(1, "2").failNext(1, 503);
        String chat = "{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";

        HttpResponse<String> limited = post("/v1/chat/completions", chat);
        assertEquals(429, limited.statusCode());
        assertEquals("2", limited.headers().firstValue("retry-after").orElseThrow());
        assertEquals(503, post("/v1/chat/completions", chat).statusCode());
        assertEquals(200, post("/v1/chat/completions", chat).statusCode());
    }

    @Test
    void rejectsAWrongApiKey() throws Exception {
        SERVER.requireApiKey("sk-right");

        assertEquals(401, post("/v1/models", null).statusCode());
    }

    @Test
    void countsAClientThatLeavesMidStream() throws Exception {
        SERVER.tokenDelay(Duration.ofMillis(50)).answer("one two three four five six seven eight nine ten");
        HttpRequest request = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/v1/chat/completions"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"m\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}")).build();
        HttpResponse<InputStream> response = HTTP.send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().read(new byte[10]);
        response.body().close();

        assertTrue(SERVER.awaitAborted(1, Duration.ofSeconds(5)));
    }

    @Test
    void countsAClientThatGivesUpOnAHangingRequest() throws Exception {
        SERVER.hangNext(1);
        CompletableFuture<HttpResponse<String>> pending = HTTP.sendAsync(
                HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + "/v1/embeddings"))
                        .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"e\",\"input\":\"x\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        for (int i = 0; i < 500 && SERVER.requests().isEmpty(); i++) {
            Thread.sleep(10);
        }
        pending.cancel(true);

        assertTrue(SERVER.awaitAborted(1, Duration.ofSeconds(5)));
        assertEquals(0, SERVER.completedRequests());
    }

    private static HttpResponse<String> post(String path, String body) throws Exception {
        var builder = HttpRequest.newBuilder(URI.create(SERVER.baseUrl() + path)).timeout(Duration.ofSeconds(10));
        builder = body == null ? builder.GET() : builder.header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        return HTTP.sendAsync(builder.build(), HttpResponse.BodyHandlers.ofString()).get(10, TimeUnit.SECONDS);
    }
}
