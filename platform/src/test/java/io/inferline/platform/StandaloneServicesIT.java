package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auth}, {@code api} and {@code inference} each run alone from their jar ({@code java -jar}) with settings
 * from the environment only, as their containers will, and together carry a job from submission to success.
 */
class StandaloneServicesIT {

    private static final String API_KEY = "il_standalone_" + System.nanoTime();
    private static final Path LOGS = Path.of("target", "standalone-logs");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final List<Process> PROCESSES = new ArrayList<>();
    private static final Map<String, Integer> PORTS = new HashMap<>();

    @BeforeAll
    static void startServices() throws Exception {
        Files.createDirectories(LOGS);
        var infrastructure = Infrastructure.shared();
        for (String service : List.of("auth", "api", "inference")) {
            int port = JobLifecycleIT.freePort();
            PORTS.put(service, port);
            PROCESSES.add(start(service, environment(infrastructure, service, port)));
        }
        for (String service : PORTS.keySet()) {
            awaitReady(service);
        }
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        for (Process process : PROCESSES) {
            process.destroy();
        }
        for (Process process : PROCESSES) {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Test
    void theServicesRunAJobTogether() throws Exception {
        var accepted = send(HttpRequest.newBuilder(uri("api", "/v1/jobs"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"standalone\"}}")));
        assertEquals(202, accepted.statusCode(), accepted.body());
        String id = field(accepted.body(), "id");

        String status = "queued";
        String body = "";
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (("queued".equals(status) || "running".equals(status)) && System.nanoTime() < deadline) {
            Thread.sleep(150);
            var polled = send(HttpRequest.newBuilder(uri("api", "/v1/jobs/" + id))
                    .header("Authorization", "Bearer " + API_KEY).GET());
            body = polled.body();
            status = field(body, "status");
        }
        assertEquals("succeeded", status, body);
        assertTrue(body.contains("\"simulated\":true"), body);
    }

    private static Map<String, String> environment(Infrastructure infrastructure, String service, int port) {
        var env = new HashMap<String, String>();
        env.put("INFERLINE_PORT", Integer.toString(port));
        env.put("INFERLINE_DB_URL", infrastructure.pooledJdbcUrl());
        env.put("INFERLINE_DB_MIGRATION_URL", infrastructure.postgresJdbcUrl());
        env.put("INFERLINE_DB_USER", infrastructure.databaseUser());
        env.put("INFERLINE_DB_PASSWORD", infrastructure.databasePassword());
        env.put("INFERLINE_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        env.put("INFERLINE_REDIS_URI", infrastructure.redisUri());
        if (service.equals("auth")) {
            env.put("INFERLINE_BOOTSTRAP_API_KEY", API_KEY);
        }
        return env;
    }

    private static Process start(String service, Map<String, String> env) throws IOException {
        Path jar = Path.of("..", service, "target", service + ".jar").toAbsolutePath().normalize();
        assertTrue(Files.isRegularFile(jar), jar + " is built by the reactor before this test runs");
        String java = ProcessHandle.current().info().command().orElse("java");
        var builder = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(LOGS.resolve(service + ".log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    private static void awaitReady(String service) throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            try {
                if (send(HttpRequest.newBuilder(uri(service, "/health/readiness")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " was not ready within " + START_TIMEOUT + "; log:\n"
                + Files.readString(LOGS.resolve(service + ".log")));
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static URI uri(String service, String path) {
        return URI.create("http://127.0.0.1:" + PORTS.get(service) + path);
    }

    private static String field(String json, String name) {
        var matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : "";
    }
}
