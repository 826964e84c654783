package io.inferline.testkit;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * The real Python Celery client (Debian's {@code python3-celery}, run with {@code /usr/bin/python3}, since another
 * python3 earlier on the PATH may not see Debian's packages), for interoperability tests: it sends the tasks of a
 * JSON spec, then waits for each result with {@code AsyncResult.get()}. See {@code celery_client.py} for the spec
 * and the JSON lines it answers with; the lines are handed over as text, for the test to read with its own JSON
 * library.
 */
public final class CeleryClient implements AutoCloseable {

    public static final String PYTHON = "/usr/bin/python3";
    private static final String DONE = "{\"event\": \"done\"}";

    private final Process process;
    private final Path stderr;
    private final List<String> lines = new ArrayList<>();
    private final Thread reader;

    private CeleryClient(Process process, Path stderr) {
        this.process = process;
        this.stderr = stderr;
        this.reader = Thread.ofPlatform().daemon().name("celery-client-stdout").start(this::read);
    }

    /** Starts the client on {@code specJson}; it sends at once. */
    public static CeleryClient start(String specJson) {
        requireCelery();
        try {
            TempDir directory = TempDir.create("celery-client");
            Path script = directory.resolve("celery_client.py");
            try (InputStream in = CeleryClient.class.getResourceAsStream("celery_client.py")) {
                Files.write(script, in.readAllBytes());
            }
            Path stderr = directory.resolve("stderr.log");
            Process process = new ProcessBuilder(PYTHON, script.toString())
                    .redirectError(stderr.toFile()).start();
            try (var stdin = process.getOutputStream()) {
                stdin.write(specJson.getBytes(StandardCharsets.UTF_8));
            }
            return new CeleryClient(process, stderr);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the Celery client", e);
        }
    }

    private static void requireCelery() {
        try {
            Process probe = new ProcessBuilder(PYTHON, "-c", "import celery, redis, amqp").redirectErrorStream(true)
                    .start();
            if (!probe.waitFor(30, TimeUnit.SECONDS) || probe.exitValue() != 0) {
                throw new IllegalStateException("Celery's Python client is missing: apt-get install python3-celery "
                        + "python3-redis (" + new String(probe.getInputStream().readAllBytes()).strip() + ")");
            }
        } catch (IOException e) {
            throw new IllegalStateException(PYTHON + " not found: apt-get install python3-celery python3-redis", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void read() {
        try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = in.readLine()) != null) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** Waits until every task is sent. */
    public void awaitSent(Duration timeout) throws InterruptedException {
        awaitLine(line -> line.startsWith("{\"event\": \"sent\""), timeout);
    }

    /** One JSON line per task, in the order the tasks were sent, once all results are in (or their timeout passed). */
    public List<String> awaitResults(Duration timeout) throws InterruptedException {
        awaitLine(DONE::equals, timeout);
        synchronized (lines) {
            return lines.stream().filter(line -> line.startsWith("{\"id\"")).toList();
        }
    }

    private void awaitLine(Predicate<String> wanted, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (lines.stream().noneMatch(wanted)) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || (!process.isAlive() && !reader.isAlive())) {
                    throw new AssertionError("the Celery client " + (process.isAlive() ? "did not finish in "
                            + timeout : "exited with " + process.exitValue()) + "; its output:\n"
                            + String.join("\n", lines) + "\nits errors:\n" + errors());
                }
                lines.wait(Math.min(left, 200));
            }
        }
    }

    private String errors() {
        try {
            return Files.readString(stderr);
        } catch (IOException e) {
            return "(unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
