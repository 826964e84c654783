package io.inferline.testkit;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Predicate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * The health endpoints of a service under test on {@code 127.0.0.1}: waits for its readiness report to change and
 * checks how it reports a dependency that a test takes away.
 */
public final class Readiness {
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);
    private static final long POLL_MILLIS = 250;

    private final int port;
    private final Duration changeTimeout;

    /** For the service on {@code port}, whose readiness must reach each awaited state within {@code changeTimeout}. */
    public Readiness(int port, Duration changeTimeout) {
        this.port = port;
        this.changeTimeout = changeTimeout;
    }

    /**
     * Stops the dependency, expects readiness {@code 503} with the indicator {@code name} DOWN (and whatever
     * {@code whileDown} checks) while liveness stays {@code 200} without asking it, then starts it again and
     * expects readiness back UP.
     */
    public void assertOutageIsReported(StoppableServer dependency, String name, Consumer<Health> whileDown)
            throws IOException, InterruptedException {
        await(health -> health.status() == 200, "ready before the outage");

        dependency.stop();
        try {
            Health down = await(health -> "DOWN".equals(health.status(name)), name + " DOWN");
            assertEquals(503, down.status(), down.body());
            whileDown.accept(down);
            Health alive = get("/health/liveness");
            assertEquals(200, alive.status(), alive.body());
            assertFalse(alive.body().contains(name), "liveness does not ask " + name + ": " + alive.body());
        } finally {
            dependency.start();
        }

        Health back = await(health -> health.status() == 200, name + " back");
        assertEquals("UP", back.status(name), back.body());
    }

    public void assertOutageIsReported(StoppableServer dependency, String name)
            throws IOException, InterruptedException {
        assertOutageIsReported(dependency, name, down -> { });
    }

    /** The readiness report once it meets the condition; fails naming {@code what} after the change timeout. */
    public Health await(Predicate<Health> condition, String what) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + changeTimeout.toNanos();
        Health last = get("/health/readiness");
        while (!condition.test(last)) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("readiness not " + what + " within " + changeTimeout + ": " + last.body());
            }
            Thread.sleep(POLL_MILLIS);
            last = get("/health/readiness");
        }
        return last;
    }

    public Health get(String path) throws IOException, InterruptedException {
        var response = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(REQUEST_TIMEOUT).GET().build(), HttpResponse.BodyHandlers.ofString());
        return new Health(response.statusCode(), response.body(), JSON.readValue(response.body(), Map.class));
    }

    /** One health report: its HTTP status, its body and that body parsed. */
    public record Health(int status, String body, Map<?, ?> document) {
        /** The status of one indicator, null when the report does not name it. */
        public String status(String indicator) {
            if (!(document.get("details") instanceof Map<?, ?> details)
                    || !(details.get(indicator) instanceof Map<?, ?> result)) {
                return null;
            }
            return String.valueOf(result.get("status"));
        }
    }
}
