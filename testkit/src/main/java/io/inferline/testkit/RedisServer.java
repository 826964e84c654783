package io.inferline.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** A throwaway redis-server child process: no persistence, loopback only. */
public final class RedisServer implements StoppableServer {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private final int port;
    private final TempDir directory;
    private final List<String> command;
    private ChildProcess process;

    private RedisServer(int port, TempDir directory, List<String> command, ChildProcess process) {
        this.port = port;
        this.directory = directory;
        this.command = command;
        this.process = process;
    }

    static RedisServer startStandalone() {
        return Retry.withFreshPorts("Redis", () -> start("redis", Ports.freePort(), List.of()));
    }

    static RedisServer startClusterNode(int port) {
        return start("redis-cluster-node", port, List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000"));
    }

    private static RedisServer start(String name, int port, List<String> extraArguments) {
        Path redisServer = Binaries.require("redis-server", "redis-server", "/usr/bin/redis-server");
        TempDir directory = TempDir.create(name);
        ChildProcess process = null;
        try {
            List<String> command = new ArrayList<>(List.of(redisServer.toString(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--daemonize", "no",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", directory.path().toString()));
            command.addAll(extraArguments);
            process = launch(port, directory, command);
            return new RedisServer(port, directory, List.copyOf(command), process);
        } catch (RuntimeException e) {
            if (process != null) {
                process.close();
            }
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    private static ChildProcess launch(int port, TempDir directory, List<String> command) {
        ChildProcess process = ChildProcess.start("redis-server :" + port, command, Map.of(),
                directory.resolve("redis.log"), ChildProcess.StopSignal.TERM);
        try {
            Await.until("Redis on port " + port + " to answer PING", STARTUP_TIMEOUT, process,
                    () -> answersPing(port));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return process;
    }

    /** Ends redis-server (its data is gone: it keeps none); {@link #start()} brings it back on the same port. */
    @Override
    public synchronized void stop() {
        process.close();
    }

    @Override
    public synchronized void start() {
        if (process.isAlive()) {
            return;
        }
        process = launch(port, directory, command);
    }

    private static boolean answersPing(int port) throws Exception {
        try (RespConnection connection = RespConnection.open(port)) {
            return "PONG".equals(connection.call("PING"));
        }
    }

    int port() {
        return port;
    }

    public String uri() {
        return "redis://127.0.0.1:" + port;
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

    @Override
    public String toString() {
        return "Redis on port " + port;
    }
}
