package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobUpdates;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/** Job changes over Redis pub/sub: every replica publishes what it applied and hears what all applied. */
@Singleton
class RedisJobUpdates implements JobUpdates {

    static final String CHANNEL = "inferline:jobs:updates";
    private static final Logger LOG = LoggerFactory.getLogger(RedisJobUpdates.class);

    private final StatefulRedisConnection<String, String> redis;
    private final RedisClient client;
    private final List<Consumer<UUID>> listeners = new CopyOnWriteArrayList<>();
    private StatefulRedisPubSubConnection<String, String> subscription;

    RedisJobUpdates(StatefulRedisConnection<String, String> redis, RedisClient client) {
        this.redis = redis;
        this.client = client;
    }

    @Override
    public void publish(UUID jobId) {
        try {
            redis.async().publish(CHANNEL, jobId.toString());
        } catch (RuntimeException e) {
            LOG.warn("could not announce the change of job {}: {}", jobId, e.toString());
        }
    }

    @Override
    public synchronized void subscribe(Consumer<UUID> listener) {
        listeners.add(listener);
        if (subscription == null) {
            subscription = client.connectPubSub();
            subscription.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String channel, String message) {
                    UUID id = UUID.fromString(message);
                    listeners.forEach(l -> l.accept(id));
                }
            });
            subscription.sync().subscribe(CHANNEL);
        }
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
