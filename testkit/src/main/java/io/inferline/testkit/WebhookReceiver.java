package io.inferline.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * A real HTTP webhook receiver in Node.js that verifies Standard Webhooks signatures with the npm package
 * {@code standardwebhooks}, independently of Inferline's signing code (see receiver.mjs for what its paths do).
 * Needs {@code node} and {@code npm}; the package is installed once into {@code target/webhook-receiver}.
 */
public final class WebhookReceiver implements AutoCloseable {

    private static final String RESOURCES = "/io/inferline/testkit/webhook-receiver/";
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final Process process;
    private final int port;

    private WebhookReceiver(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** Starts a receiver on a free port that verifies with {@code secretsJson} (a JSON array of whsec_ secrets). */
    public static WebhookReceiver start(Path workDirectory, String secretsJson) {
        Path directory = workDirectory.resolve("webhook-receiver");
        try {
            NodeProject.install(RESOURCES, List.of("receiver.mjs", "package.json"), directory);
            int port = Ports.freePort();
            var builder = new ProcessBuilder(Binaries.require("node", "nodejs", "/usr/bin/node").toString(),
                    "receiver.mjs").directory(directory.toFile()).redirectErrorStream(true);
            builder.environment().put("PORT", Integer.toString(port));
            builder.environment().put("SECRETS", secretsJson);
            Process process = builder.start();
            var reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            String line = reader.readLine();
            if (line == null || !line.startsWith("listening")) {
                process.destroyForcibly();
                throw new IllegalStateException("the webhook receiver did not start: " + line);
            }
            Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
            return Cleanup.onExit(new WebhookReceiver(process, port));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the webhook receiver", e);
        }
    }

    /** The receiver's URL for {@code path}, e.g. {@code /ok/abc}. */
    public String url(String path) {
        return "http://127.0.0.1:" + port + path;
    }

    /** Every request received so far, as a JSON array. */
    public String receivedJson() {
        return call(HttpRequest.newBuilder(URI.create(url("/_received"))).GET());
    }

    public void verifyWith(List<String> secrets) {
        String json = secrets.stream().map(s -> "\"" + s + "\"").collect(Collectors.joining(",", "{\"secrets\":[", "]}"));
        call(HttpRequest.newBuilder(URI.create(url("/_secrets"))).POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    private static String call(HttpRequest.Builder request) {
        try {
            return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
