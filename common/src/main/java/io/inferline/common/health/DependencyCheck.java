package io.inferline.common.health;

import io.micronaut.health.HealthStatus;
import io.micronaut.management.health.indicator.HealthResult;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * One dependency's readiness check, answered within {@link #TIMEOUT}: a probe must not hang on a broker that
 * stopped answering. A check still running from an earlier probe is awaited instead of starting another, so a
 * slow dependency never piles up threads. The result names the dependency and says why it is down, never with a
 * URL or a credential.
 */
public final class DependencyCheck {

    /** Below the Kubernetes readiness probe's 3 s timeout, so a slow dependency reads DOWN rather than a timeout. */
    static final Duration TIMEOUT = Duration.ofSeconds(2);

    /** The check itself: returns details to show when up, throws when the dependency cannot be used. */
    @FunctionalInterface
    public interface Probe {
        Map<String, Object> run() throws Exception;
    }

    /** Thrown by a probe with a reason that is shown as it is. */
    public static final class Down extends RuntimeException {
        public Down(String reason) {
            super(reason, null, false, false);
        }
    }

    private final String name;
    private final Probe probe;
    private CompletableFuture<Map<String, Object>> inFlight;

    public DependencyCheck(String name, Probe probe) {
        this.name = name;
        this.probe = probe;
    }

    public String name() {
        return name;
    }

    public HealthResult check() {
        CompletableFuture<Map<String, Object>> running = start();
        try {
            Map<String, Object> details = running.get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            return HealthResult.builder(name, HealthStatus.UP).details(details).build();
        } catch (TimeoutException e) {
            return down("no answer within " + TIMEOUT.toMillis() + " ms");
        } catch (ExecutionException e) {
            return down(describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return down("interrupted");
        }
    }

    private synchronized CompletableFuture<Map<String, Object>> start() {
        if (inFlight == null || inFlight.isDone()) {
            inFlight = new CompletableFuture<>();
            CompletableFuture<Map<String, Object>> future = inFlight;
            Thread.ofVirtual().name("health-" + name).start(() -> {
                try {
                    future.complete(probe.run());
                } catch (Throwable e) {
                    future.completeExceptionally(e);
                }
            });
        }
        return inFlight;
    }

    private HealthResult down(String reason) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("error", reason);
        return HealthResult.builder(name, HealthStatus.DOWN).details(details).build();
    }

    /** The exception's type and the first line of its message (or its cause's), without anything that looks like a credential. */
    public static String describe(Throwable error) {
        if (error instanceof Down down) {
            return down.getMessage();
        }
        Throwable root = error;
        while (root.getMessage() == null && root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? "" : root.getMessage().lines().findFirst().orElse("");
        message = message.replaceAll("//[^@/\\s]*@", "//***@").replaceAll("(?i)(password|secret|token|key)=\\S*", "$1=***");
        if (message.length() > 200) {
            message = message.substring(0, 200) + "...";
        }
        return root.getClass().getSimpleName() + (message.isEmpty() ? "" : ": " + message);
    }
}
