package io.inferline.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A {@link StoppableServer} run as one child process whose command, port and directory outlive the process, so that
 * {@link #start()} after {@link #stop()} brings back the same server.
 */
abstract class ChildProcessServer implements StoppableServer {
    private final String processName;
    private final String logFileName;
    private final int port;
    private final TempDir directory;
    private final List<String> command;
    private final Duration startupTimeout;
    private ChildProcess process;

    ChildProcessServer(String processName, String logFileName, int port, TempDir directory, List<String> command,
                       Duration startupTimeout) {
        this.processName = processName;
        this.logFileName = logFileName;
        this.port = port;
        this.directory = directory;
        this.command = List.copyOf(command);
        this.startupTimeout = startupTimeout;
    }

    /** What {@link #answers()} waits for, as in "Redis on port 6379 to answer PING". */
    abstract String readiness();

    abstract boolean answers() throws Exception;

    /** Ends the process and keeps the port and files. */
    @Override
    public synchronized void stop() {
        process.close();
    }

    /** Starts the process unless it runs; returns once it {@link #answers()}, or fails and leaves nothing running. */
    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            return;
        }
        ChildProcess started = ChildProcess.start(processName + " :" + port, command, Map.of(),
                directory.resolve(logFileName), ChildProcess.StopSignal.TERM);
        try {
            Await.until(this + " to " + readiness(), startupTimeout, started, this::answers);
        } catch (RuntimeException e) {
            started.close();
            throw e;
        }
        process = started;
    }

    int port() {
        return port;
    }

    Path directory() {
        return directory.path();
    }

    synchronized long pid() {
        return process.pid();
    }

    @Override
    public synchronized void close() {
        process.close();
        Cleanup.closeQuietly(directory);
    }
}
