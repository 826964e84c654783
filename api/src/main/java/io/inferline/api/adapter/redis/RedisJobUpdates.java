package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobUpdates;
import io.inferline.common.redis.ChannelSubscription;
import io.inferline.common.redis.RedisAccess;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/** Job changes over Redis pub/sub: every replica publishes what it applied and hears what all applied. */
@Singleton
class RedisJobUpdates implements JobUpdates {

    static final String CHANNEL = "inferline:jobs:updates";
    private static final Logger LOG = LoggerFactory.getLogger(RedisJobUpdates.class);

    private final RedisAccess redis;
    private ChannelSubscription subscription;

    RedisJobUpdates(RedisAccess redis) {
        this.redis = redis;
    }

    @Override
    public void publish(UUID jobId) {
        try {
            redis.commands().publish(CHANNEL, jobId.toString());
        } catch (RuntimeException e) {
            LOG.warn("could not announce the change of job {}: {}", jobId, e.toString());
        }
    }

    @Override
    public synchronized void subscribe(Consumer<UUID> listener) {
        if (subscription != null) {
            throw new IllegalStateException("job updates have one subscriber");
        }
        subscription = redis.subscribe(CHANNEL, message -> listener.accept(UUID.fromString(message)));
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
