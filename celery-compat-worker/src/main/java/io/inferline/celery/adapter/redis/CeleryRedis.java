package io.inferline.celery.adapter.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Connections to the Redis servers Celery uses (its broker and result backend), which need not be Inferline's own
 * Redis and are never a cluster (Celery's Redis transport and backend do not support one). Commands fail at once
 * while a server is away, instead of queueing: every caller has a retry of its own.
 */
@Singleton
public class CeleryRedis {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(10);

    private final ClientResources resources = DefaultClientResources.builder().ioThreadPoolSize(2)
            .computationThreadPoolSize(2).build();
    private final List<RedisClient> clients = new ArrayList<>();

    /** A connection to {@code url} ({@code redis://[:password@]host:port/db}, as Celery writes it). */
    public synchronized StatefulRedisConnection<String, String> connect(String url) {
        RedisURI uri = RedisURI.create(url);
        uri.setTimeout(COMMAND_TIMEOUT);
        RedisClient client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS).build());
        clients.add(client);
        return client.connect(StringCodec.UTF8);
    }

    /** The URL without its password, for logs. */
    public static String redact(String url) {
        return url.replaceAll("//([^@/]*)@", "//***@");
    }

    @PreDestroy
    synchronized void close() {
        for (RedisClient client : clients) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
        clients.clear();
        resources.shutdown(0, 2, java.util.concurrent.TimeUnit.SECONDS);
    }
}
