package io.inferline.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The official {@code openai} npm SDK (pinned in openai-sdk/package.json) talks to the test server as to OpenAI. */
class OpenAiSdkCompatibilityIT {

    private static final String RESOURCES = "/io/inferline/testkit/openai-sdk/";

    @Test
    void theOfficialSdkUnderstandsEveryEndpoint() throws Exception {
        Path directory = Path.of("target", "openai-sdk");
        install(directory);
        try (var server = OpenAiCompatibleServer.start()) {
            server.rateLimitNext(1, "0");
            var builder = new ProcessBuilder(Binaries.require("node", "nodejs", "/usr/bin/node").toString(), "check.mjs")
                    .directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().put("BASE_URL", server.v1Url());
            Process node = builder.start();
            String output = new String(node.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(node.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, node.exitValue(), output);

            Map<?, ?> result = new ObjectMapper().readValue(output.lines().reduce((a, b) -> b).orElseThrow(), Map.class);
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

    private static void install(Path directory) throws Exception {
        Files.createDirectories(directory);
        for (String file : List.of("check.mjs", "package.json")) {
            try (InputStream in = OpenAiSdkCompatibilityIT.class.getResourceAsStream(RESOURCES + file)) {
                Files.copy(in, directory.resolve(file), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        if (Files.isDirectory(directory.resolve("node_modules/openai"))) {
            return;
        }
        Path npm = Binaries.require("npm", "npm", "/usr/bin/npm");
        Process install = new ProcessBuilder(npm.toString(), "install", "--no-audit", "--no-fund", "--loglevel=error")
                .directory(directory.toFile()).redirectErrorStream(true).start();
        String output = new String(install.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(install.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS) && install.exitValue() == 0,
                "npm install openai failed:\n" + output);
    }
}
