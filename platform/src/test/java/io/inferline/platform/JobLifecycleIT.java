package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The walking skeleton, end to end in the all-in-one process exactly as {@code ./inferline up} wires it: a job
 * submitted over HTTP with the bootstrap API key travels through Kafka to the inference worker, runs on the
 * simulator, and its result comes back through the job events, on real Kafka, PostgreSQL via PgBouncer and Redis.
 */
class JobLifecycleIT {

    private static final String API_KEY = "il_dev_lifecycle_test_key";

    private static ApplicationContext context;
    private static HttpClient http;

    @BeforeAll
    static void startPlatform() throws Exception {
        var infrastructure = Infrastructure.shared();
        assertTrue(infrastructure.pgBouncerRunning() || !"true".equals(System.getenv(Infrastructure.REQUIRE_PGBOUNCER)),
                "the services must reach PostgreSQL through PgBouncer");
        Map<String, Object> properties = PlatformProperties.of(infrastructure, freePort(), API_KEY);
        // a job asking for max_tokens 2 takes about half a second; one without asks for 16 tokens, about 8 s
        properties.put("inferline.simulator.latency", "10ms");
        properties.put("inferline.simulator.per-token-latency", "500ms");
        properties.put("inferline.simulator.output-tokens", "16");
        // one job at a time per pool, so that a second simulator job waits while the first runs
        properties.put("inferline.inference.max-in-flight", "1");
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        http = HttpClient.create(context.getBean(EmbeddedServer.class).getURL());
    }

    @AfterAll
    static void stopPlatform() {
        if (http != null) {
            http.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void aSubmittedJobSucceedsWithTheSimulatorsOutput() throws Exception {
        var accepted = http.toBlocking().exchange(HttpRequest.POST("/v1/jobs",
                        "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"Hello from the walking skeleton\",\"max_tokens\":2}}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(API_KEY), Map.class);
        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        String id = (String) accepted.body().get("id");
        assertEquals("queued", accepted.body().get("status"));

        Map<?, ?> job = awaitFinal(id, Duration.ofSeconds(30));

        assertEquals("succeeded", job.get("status"), job.toString());
        Map<?, ?> output = (Map<?, ?>) job.get("output");
        assertTrue(((String) output.get("text")).length() > 0, output.toString());
        assertEquals(true, output.get("simulated"));
        assertEquals(1, job.get("attempt"));
        assertEquals(Map.of("prompt_tokens", 5, "completion_tokens", 2), job.get("usage"));
    }

    @Test
    void anEmbeddingJobRunsOnTheRealModelInPoolCpu() throws Exception {
        String id = submit("{\"model\":\"minilm\",\"input\":{\"input\":\"the embedded worker serves pool cpu too\"}}");

        Map<?, ?> job = awaitFinal(id, Duration.ofSeconds(60));

        assertEquals("succeeded", job.get("status"), job.toString());
        Map<?, ?> output = (Map<?, ?>) job.get("output");
        assertEquals(384, output.get("dimensions"));
        assertEquals(1, ((List<?>) output.get("embeddings")).size());
    }

    @Test
    void aLongPollIsAnsweredWhenTheJobFinishes() {
        String id = submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"wait for me\",\"max_tokens\":2}}");
        long started = System.nanoTime();

        Map<?, ?> job = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(API_KEY)
                .header("Prefer", "wait=30"), Map.class);

        assertEquals("succeeded", job.get("status"));
        assertTrue(System.nanoTime() - started < Duration.ofSeconds(20).toNanos());
    }

    @Test
    void canceledJobsStopWhereverTheyAre() throws Exception {
        String running = submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"a long story\"}}");
        awaitStatus(running, "running");
        // the pool's one slot is taken by the running job, so this one waits (max-in-flight 1)
        String queued = submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"never mind\"}}");

        assertEquals("canceled", cancel(queued).get("status"));
        long canceledAt = System.nanoTime();
        assertEquals("canceled", cancel(running).get("status"));

        assertEquals("canceled", awaitExecution(running).status());
        assertTrue(System.nanoTime() - canceledAt < Duration.ofSeconds(6).toNanos(),
                "the 8 s backend call was aborted, not waited for");
        var neverRan = awaitExecution(queued);
        assertEquals("canceled", neverRan.status());
        assertEquals("canceled before it started", neverRan.message());
        Map<?, ?> queuedJob = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + queued).bearerAuth(API_KEY), Map.class);
        assertEquals("canceled", queuedJob.get("status"));
        assertNull(queuedJob.get("started_at"));
    }

    private static String submit(String body) {
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs", body)
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(API_KEY), Map.class).get("id");
    }

    private static Map<?, ?> cancel(String id) {
        return http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "").bearerAuth(API_KEY), Map.class);
    }

    private static void awaitStatus(String id, String status) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Map<?, ?> job = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(API_KEY), Map.class);
            if (status.equals(job.get("status"))) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("job " + id + " never became " + status);
    }

    /** What the worker recorded for the job's first attempt, read from its own table, once it has ended. */
    private static Execution awaitExecution(String id) throws Exception {
        var infrastructure = Infrastructure.shared();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (var connection = DriverManager.getConnection(infrastructure.postgresJdbcUrl(),
                infrastructure.databaseUser(), infrastructure.databasePassword())) {
            while (System.nanoTime() < deadline) {
                try (var ps = connection.prepareStatement("SELECT status, error_message FROM inference.executions "
                        + "WHERE job_id = ? AND attempt = 1 AND finished_at IS NOT NULL")) {
                    ps.setObject(1, UUID.fromString(id));
                    try (var rs = ps.executeQuery()) {
                        if (rs.next()) {
                            return new Execution(rs.getString(1), rs.getString(2));
                        }
                    }
                }
                Thread.sleep(100);
            }
        }
        throw new AssertionError("the worker never finished job " + id);
    }

    private record Execution(String status, String message) {
    }

    @Test
    void healthAndMetricsAreServed() {
        assertEquals(HttpStatus.OK, http.toBlocking().exchange("/health/readiness").getStatus());
        assertEquals(HttpStatus.OK, http.toBlocking().exchange("/health/liveness").getStatus());
        String metrics = http.toBlocking().retrieve("/prometheus");
        assertTrue(metrics.contains("jvm_memory_used_bytes"), "Prometheus metrics expected");
    }

    private static Map<?, ?> awaitFinal(String id, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        Map<?, ?> job;
        do {
            job = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(API_KEY), Map.class);
            if (!"queued".equals(job.get("status")) && !"running".equals(job.get("status"))) {
                return job;
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        return job;
    }

    static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
