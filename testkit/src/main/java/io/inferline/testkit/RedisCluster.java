package io.inferline.testkit;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A running Redis cluster.
 *
 * @param nodes every node as {@code 127.0.0.1:PORT}, masters and replicas
 */
public record RedisCluster(List<String> nodes) {
    public RedisCluster {
        nodes = List.copyOf(nodes);
    }

    /** All nodes in one URI, as Lettuce's {@code RedisClusterClient.create(String)} takes it: {@code redis://h:p1,h:p2,...}. */
    public String uri() {
        return "redis://" + String.join(",", nodes);
    }

    /** One {@code redis://127.0.0.1:PORT} URI per node, e.g. for Micronaut's {@code redis.uris}. */
    public List<String> uris() {
        return nodes.stream().map(node -> "redis://" + node).collect(Collectors.toUnmodifiableList());
    }
}
