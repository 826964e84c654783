package io.inferline.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The official {@code openai} npm SDK (pinned in openai-sdk/package.json) talks to the test server as to OpenAI. */
class OpenAiSdkCompatibilityIT {

    private static final String RESOURCES = "/io/inferline/testkit/openai-sdk/";

    @Test
    void theOfficialSdkUnderstandsEveryEndpoint() throws Exception {
        NodeProject sdk = NodeProject.install(RESOURCES, List.of("check.mjs", "package.json"),
                Path.of("target", "openai-sdk").toAbsolutePath());
        try (var server = OpenAiCompatibleServer.start()) {
            server.rateLimitNext(1, "0");
            NodeProject.Run run = sdk.node("check.mjs", Map.of("BASE_URL", server.v1Url()), Duration.ofSeconds(60));
            assertEquals(0, run.exitCode(), run.stdout() + run.stderr());

            Map<?, ?> result = new ObjectMapper().readValue(
                    run.stdout().lines().reduce((a, b) -> b).orElseThrow(), Map.class);
            assertEquals("Echo: hello sdk", result.get("chat"));
            assertEquals(5, result.get("chatUsage"));
            assertEquals("Echo: streamed hello", result.get("stream"));
            assertEquals(3, result.get("streamUsage"));
            assertEquals("Echo: complete me", result.get("completion"));
            assertEquals(List.of(16, 16), result.get("embeddings"));
            assertEquals(List.of("test-model"), result.get("models"));
            // the SDK retried the scripted 429 itself, and sent its bearer key
            assertEquals(3, server.requests("/v1/chat/completions").size());
            assertEquals("Bearer sk-test", server.requests().getFirst().header("authorization"));
        }
    }
}
