package io.inferline.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Six redis-server nodes joined into a cluster of three masters with one replica each. */
final class RedisClusterServer implements AutoCloseable {
    private static final int NODES = 6;
    private static final Duration CREATE_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final List<RedisServer> nodes;

    private RedisClusterServer(List<RedisServer> nodes) {
        this.nodes = nodes;
    }

    static RedisClusterServer start() {
        return Retry.withFreshPorts("Redis cluster", RedisClusterServer::attempt);
    }

    private static RedisClusterServer attempt() {
        Path redisCli = Binaries.require("redis-cli", "redis-tools", "/usr/bin/redis-cli");
        List<RedisServer> nodes = new ArrayList<>();
        try (TempDir work = TempDir.create("redis-cluster-create")) {
            nodes.addAll(startNodes());
            List<String> create = new ArrayList<>(List.of(redisCli.toString(), "--cluster", "create"));
            nodes.forEach(node -> create.add("127.0.0.1:" + node.port()));
            create.addAll(List.of("--cluster-replicas", "1", "--cluster-yes"));
            ChildProcess.run("redis-cli --cluster create", create, Map.of(), work.resolve("create.log"),
                    CREATE_TIMEOUT);
            for (RedisServer node : nodes) {
                Await.until("Redis node " + node.port() + " to see the settled cluster", READY_TIMEOUT, null,
                        () -> clusterReady(node.port()));
            }
            return new RedisClusterServer(List.copyOf(nodes));
        } catch (Exception e) {
            nodes.forEach(RedisServer::close);
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Cannot start a Redis cluster", e);
        }
    }

    private static List<RedisServer> startNodes() {
        List<Future<RedisServer>> starting = new ArrayList<>();
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < NODES; i++) {
                int port = Ports.freeClusterPort();
                starting.add(executor.submit(() -> RedisServer.startClusterNode(port)));
            }
        }
        // closing the executor waited for every start, so each future is done
        List<RedisServer> started = new ArrayList<>();
        RuntimeException failure = null;
        for (Future<RedisServer> node : starting) {
            if (node.state() == Future.State.SUCCESS) {
                started.add(node.resultNow());
            } else if (failure == null) {
                failure = new IllegalStateException("Cannot start a Redis cluster node: "
                        + node.exceptionNow().getMessage(), node.exceptionNow());
            }
        }
        if (failure != null) {
            started.forEach(RedisServer::close);
            throw failure;
        }
        return started;
    }

    /**
     * cluster_state:ok alone comes before gossip has told every node which nodes are replicas; clients that read
     * the topology then would see up to six masters. So also wait for 3 masters with slots and 3 replicas.
     */
    private static boolean clusterReady(int port) throws Exception {
        try (RespConnection connection = RespConnection.open(port)) {
            String info = (String) connection.call("CLUSTER", "INFO");
            if (!info.contains("cluster_state:ok")) {
                return false;
            }
            int mastersWithSlots = 0;
            int replicas = 0;
            for (String line : ((String) connection.call("CLUSTER", "NODES")).split("\n")) {
                String[] fields = line.trim().split(" ");
                if (fields.length < 8 || !"connected".equals(fields[7])) {
                    continue;
                }
                List<String> flags = List.of(fields[2].split(","));
                if (flags.contains("fail") || flags.contains("fail?") || flags.contains("handshake")) {
                    continue;
                }
                if (flags.contains("master") && fields.length > 8) {
                    mastersWithSlots++;
                } else if (flags.contains("slave")) {
                    replicas++;
                }
            }
            return mastersWithSlots == NODES / 2 && replicas == NODES / 2;
        }
    }

    List<Integer> ports() {
        return nodes.stream().map(RedisServer::port).toList();
    }

    RedisCluster toRedisCluster() {
        return new RedisCluster(nodes.stream().map(node -> "127.0.0.1:" + node.port()).toList());
    }

    @Override
    public void close() {
        nodes.forEach(RedisServer::close);
    }

    @Override
    public String toString() {
        return "Redis cluster on ports " + ports();
    }
}
