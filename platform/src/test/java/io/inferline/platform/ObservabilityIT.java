package io.inferline.platform;

import io.inferline.testkit.WebhookReceiver;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What operators read, from auth, inference and api each running from its jar as in a container, with the settings
 * the Kubernetes overlays use: JSON log lines (INFERLINE_LOG_FORMAT=json) that carry the request's trace id and the
 * job id and never an API key, and at /prometheus every metric the rules and dashboards of monitoring/ rely on.
 */
class ObservabilityIT {

    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final String API_KEY = "il_observability_" + randomHex();
    private static final String WRONG_KEY = "il_wrong_" + randomHex();
    private static final String TRACE_ID = "trace-observability-" + randomHex();
    private static final Path MONITORING = Path.of("..", "monitoring");
    /** Library metrics that depend on the JVM, the OS or the Kafka client's version, not on our code or settings. */
    private static final Pattern ENVIRONMENT_DEPENDENT = Pattern.compile("^(jvm|system|process|kafka)_.*");

    private static JobPathServices services;
    private static WebhookReceiver receiver;
    private static String jobId;
    private static String answeredTraceId;

    @BeforeAll
    static void startAndRunAJobWithAWebhook() throws Exception {
        services = JobPathServices.start(API_KEY, Map.of(
                        "INFERLINE_LOG_FORMAT", "json",
                        "MICRONAUT_METRICS_BINDERS_WEB_SERVER_HISTOGRAM", "true",
                        "INFERLINE_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.1/32"),
                List.of("-Dlogger.levels.io.inferline.api.application.JobService=DEBUG"), "observability");
        String secrets = services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/webhooks/secret"))
                .header("Authorization", "Bearer " + API_KEY).GET()).body();
        receiver = WebhookReceiver.start(Path.of("target"),
                JSON.writeValueAsString(JSON.readValue(secrets, Map.class).get("secrets")));

        String path = "/observability/" + UUID.randomUUID();
        var accepted = services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/jobs"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .header("X-Trace-Id", TRACE_ID)
                .POST(HttpRequest.BodyPublishers.ofString("{\"model\":\"sim-chat\",\"input\":{\"max_tokens\":1},"
                        + "\"webhook\":\"" + receiver.url(path) + "\"}")));
        assertEquals(202, accepted.statusCode(), accepted.body());
        answeredTraceId = accepted.headers().firstValue("X-Trace-Id").orElse(null);
        jobId = JobsOverHttp.field(accepted.body(), "id");
        new JobsOverHttp(services.api(), API_KEY).awaitFinal(jobId, Duration.ofSeconds(30));
        awaitWebhook(path);

        var refused = services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/jobs"))
                .header("Authorization", "Bearer " + WRONG_KEY).GET());
        assertEquals(401, refused.statusCode(), refused.body());
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (receiver != null) {
            receiver.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theTraceIdOfARequestIsAnsweredAndInTheLogLinesWrittenForIt() throws Exception {
        assertEquals(TRACE_ID, answeredTraceId, "the caller's X-Trace-Id comes back");

        List<Map<?, ?>> lines = jsonLines(services.api().log());
        var accepted = lines.stream().filter(line -> TRACE_ID.equals(line.get("trace_id"))).toList();

        assertFalse(accepted.isEmpty(), "a log line of the submission carries its trace id: " + lines);
        assertTrue(accepted.stream().anyMatch(line -> jobId.equals(line.get("job_id"))
                        && String.valueOf(line.get("logger")).endsWith("JobService")),
                "and the job id where the job is known: " + accepted);
    }

    @Test
    void everyLogLineIsOneJsonObjectWithTimestampLevelLoggerAndMessage() throws Exception {
        for (ServiceProcess service : services.all()) {
            List<Map<?, ?>> lines = jsonLines(service.log());
            assertFalse(lines.isEmpty(), service.log() + " has log lines");
            for (Map<?, ?> line : lines) {
                assertTrue(line.keySet().containsAll(Set.of("timestamp", "level", "logger", "message")),
                        service.log() + ": " + line);
            }
        }
    }

    @Test
    void noApiKeyIsEverWrittenToALog() throws Exception {
        for (ServiceProcess service : services.all()) {
            String log = Files.readString(service.log());
            assertFalse(log.contains(API_KEY), service.log() + " contains the API key");
            assertFalse(log.contains(WRONG_KEY), service.log() + " contains the refused API key");
            assertFalse(log.contains(API_KEY.substring(3)), service.log() + " contains the API key's secret part");
        }
    }

    @Test
    void everyMetricTheRulesAndDashboardsUseIsExported() throws Exception {
        Set<String> exported = new TreeSet<>();
        for (ServiceProcess service : services.all()) {
            var scrape = service.send(HttpRequest.newBuilder(service.uri("/prometheus")).GET());
            assertEquals(200, scrape.statusCode());
            scrape.body().lines().filter(line -> !line.startsWith("#") && !line.isBlank())
                    .map(line -> line.split("[{ ]", 2)[0]).forEach(exported::add);
        }
        String manifests = monitoringText();
        Set<String> required = catalogue("services.txt").stream()
                .filter(name -> !ENVIRONMENT_DEPENDENT.matcher(name).matches()
                        || Pattern.compile("\\b" + Pattern.quote(name) + "\\b").matcher(manifests).find())
                .collect(Collectors.toCollection(TreeSet::new));

        Set<String> missing = new TreeSet<>(required);
        missing.removeAll(exported);
        assertTrue(missing.isEmpty(), "monitoring/metrics/services.txt lists names no service exports: " + missing);
        assertTrue(required.contains("inferline_webhook_deliveries_total")
                && required.contains("inferline_webhook_oldest_pending_age_seconds"), "the webhook metrics are listed");
    }

    private static List<Map<?, ?>> jsonLines(Path log) throws IOException {
        List<Map<?, ?>> parsed = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            if (line.isBlank() || line.startsWith("WARNING: ")) {
                continue; // the JVM's own warnings (native access on newer JDKs) go to stderr before logging starts
            }
            assertTrue(line.startsWith("{"), log + ": not a JSON log line: " + line);
            parsed.add(JSON.readValue(line, Map.class));
        }
        return parsed;
    }

    private static Set<String> catalogue(String file) throws IOException {
        return Files.readAllLines(MONITORING.resolve("metrics").resolve(file)).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#"))
                .map(line -> line.strip().split("\\s+")[0])
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String monitoringText() throws IOException {
        var text = new StringBuilder();
        for (String folder : List.of("rules", "dashboards")) {
            try (Stream<Path> files = Files.walk(MONITORING.resolve(folder))) {
                for (Path file : files.filter(Files::isRegularFile).toList()) {
                    text.append(Files.readString(file)).append('\n');
                }
            }
        }
        return text.toString();
    }

    private static void awaitWebhook(String path) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            boolean received = JSON.readValue(receiver.receivedJson(), Argument.listOf(Map.class)).stream()
                    .anyMatch(request -> path.equals(request.get("path")));
            if (received) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no webhook reached " + path);
    }

    private static String randomHex() {
        byte[] bytes = new byte[12];
        ThreadLocalRandom.current().nextBytes(bytes);
        return HexFormat.of().formatHex(bytes);
    }
}
