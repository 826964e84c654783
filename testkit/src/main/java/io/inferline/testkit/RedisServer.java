package io.inferline.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway redis-server child process: no persistence, loopback only. {@link #stop()} ends it (its data is gone: it
 * keeps none); {@link #start()} brings it back on the same port.
 */
public final class RedisServer extends ChildProcessServer {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(20);

    private RedisServer(int port, TempDir directory, List<String> command) {
        super("redis-server", "redis.log", port, directory, command, STARTUP_TIMEOUT);
    }

    static RedisServer startStandalone() {
        return Retry.withFreshPorts("Redis", () -> launch("redis", Ports.freePort(), List.of()));
    }

    static RedisServer startClusterNode(int port) {
        return launch("redis-cluster-node", port, List.of(
                "--cluster-enabled", "yes",
                "--cluster-config-file", "nodes.conf",
                "--cluster-node-timeout", "5000"));
    }

    private static RedisServer launch(String name, int port, List<String> extraArguments) {
        Path redisServer = Binaries.require("redis-server", "redis-server", "/usr/bin/redis-server");
        TempDir directory = TempDir.create(name);
        try {
            List<String> command = new ArrayList<>(List.of(redisServer.toString(),
                    "--port", Integer.toString(port),
                    "--bind", "127.0.0.1",
                    "--daemonize", "no",
                    "--save", "",
                    "--appendonly", "no",
                    "--dir", directory.path().toString()));
            command.addAll(extraArguments);
            RedisServer server = new RedisServer(port, directory, command);
            server.start();
            return server;
        } catch (RuntimeException e) {
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    @Override
    String readiness() {
        return "answer PING";
    }

    @Override
    boolean answers() throws Exception {
        try (RespConnection connection = RespConnection.open(port())) {
            return "PONG".equals(connection.call("PING"));
        }
    }

    public String uri() {
        return "redis://127.0.0.1:" + port();
    }

    @Override
    public String toString() {
        return "Redis on port " + port();
    }
}
