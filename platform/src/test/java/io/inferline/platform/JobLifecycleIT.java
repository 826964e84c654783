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
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
                        "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"Hello from the walking skeleton\"}}")
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
