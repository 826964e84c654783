package io.inferline.testkit;

import java.time.Duration;

/** Polls a readiness check while watching that the server process is still alive. */
final class Await {
    @FunctionalInterface
    interface Check {
        boolean ready() throws Exception;
    }

    private static final long POLL_MILLIS = 25;

    private Await() {
    }

    static void until(String what, Duration timeout, ChildProcess process, Check check) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception lastError = null;
        while (true) {
            try {
                if (check.ready()) {
                    return;
                }
            } catch (Exception e) {
                lastError = e;
            }
            if (process != null && !process.isAlive()) {
                throw process.failure(process + " exited while waiting for " + what);
            }
            if (System.nanoTime() > deadline) {
                String message = "Timed out after " + timeout.toSeconds() + " s waiting for " + what
                        + (lastError == null ? "" : " (last error: " + lastError + ")");
                throw process == null ? new IllegalStateException(message) : process.failure(message);
            }
            sleep(POLL_MILLIS);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
