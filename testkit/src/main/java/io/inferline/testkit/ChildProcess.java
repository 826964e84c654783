package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A server or tool run as a child process, its output going to a log file. Closing it stops the
 * whole process tree; servers still running at JVM exit are stopped by {@link Cleanup}.
 */
final class ChildProcess implements AutoCloseable {
    /** How a server is asked to stop before its process tree is killed. */
    enum StopSignal {
        /** PostgreSQL's fast shutdown: SIGTERM would wait for every client to disconnect. */
        INT,
        TERM,
        /** For throwaway servers whose graceful shutdown only costs time. */
        KILL
    }

    private static final int LOG_TAIL_LINES = 30;
    private static final Duration STOP_GRACE = Duration.ofSeconds(10);

    private final String name;
    private final Process process;
    private final Path logFile;
    private final StopSignal stopSignal;
    private boolean closed;

    private ChildProcess(String name, Process process, Path logFile, StopSignal stopSignal) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.stopSignal = stopSignal;
    }

    /** Starts the command in the directory of its log file (a server running as nobody may not read ours). */
    static ChildProcess start(String name, List<String> command, Map<String, String> environment, Path logFile,
                              StopSignal stopSignal) {
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(logFile.getParent().toFile())
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        builder.environment().putAll(environment);
        try {
            return Cleanup.onExit(new ChildProcess(name, builder.start(), logFile, stopSignal));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + name + ": " + String.join(" ", command), e);
        }
    }

    /** Runs a command to completion; fails with the end of its output if it does not exit with 0. */
    static void run(String name, List<String> command, Map<String, String> environment, Path logFile,
                    Duration timeout) {
        try (ChildProcess child = start(name, command, environment, logFile, StopSignal.KILL)) {
            if (!child.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw child.failure(name + " did not finish within " + timeout.toSeconds() + " s");
            }
            if (child.process.exitValue() != 0) {
                throw child.failure(name + " failed with exit code " + child.process.exitValue());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + name, e);
        }
    }

    long pid() {
        return process.pid();
    }

    /** This process and everything it started that is still running. */
    List<ProcessHandle> processTree() {
        List<ProcessHandle> tree = new ArrayList<>();
        tree.add(process.toHandle());
        tree.addAll(process.descendants().toList());
        return tree;
    }

    boolean isAlive() {
        return process.isAlive();
    }

    Path logFile() {
        return logFile;
    }

    /** An exception whose message ends with the last lines of this process's log. */
    IllegalStateException failure(String message) {
        return new IllegalStateException(message + "\n--- last lines of " + logFile + " ---\n" + logTail());
    }

    String logTail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(log not readable: " + e.getMessage() + ")";
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup.forget(this);
        // Descendants must be listed before the parent exits: orphans are re-parented and no longer found.
        List<ProcessHandle> tree = new ArrayList<>(process.descendants().toList());
        if (stopSignal != StopSignal.KILL) {
            signal(stopSignal);
            awaitExit(List.of(process.toHandle()), STOP_GRACE);
        }
        tree.forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        tree.add(process.toHandle());
        awaitExit(tree, STOP_GRACE);
    }

    private void signal(StopSignal signal) {
        if (signal == StopSignal.TERM) {
            process.destroy();
            return;
        }
        try {
            new ProcessBuilder("kill", "-" + signal.name(), Long.toString(process.pid()))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start()
                    .waitFor(5, TimeUnit.SECONDS);
        } catch (IOException e) {
            process.destroy();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitExit(List<ProcessHandle> processes, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (ProcessHandle handle : processes) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                return;
            }
            try {
                handle.onExit().get(remaining, TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                // timed out: the caller kills it
            }
        }
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ")";
    }
}
