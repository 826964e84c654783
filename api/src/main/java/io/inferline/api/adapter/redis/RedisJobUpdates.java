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

    /** Sent without waiting for Redis: listeners read the job from PostgreSQL, not from the message. */
    @Override
    public void publish(Change change) {
        try {
            redis.async().publish(CHANNEL, change.jobId() + " " + change.tenantId()).whenComplete((receivers, e) -> {
                if (e != null) {
                    LOG.warn("could not announce the change of job {}: {}", change.jobId(), e.toString());
                }
            });
        } catch (RuntimeException e) {
            LOG.warn("could not announce the change of job {}: {}", change.jobId(), e.toString());
        }
    }

    @Override
    public synchronized void subscribe(Consumer<Change> listener) {
        if (subscription != null) {
            throw new IllegalStateException("job updates have one subscriber");
        }
        subscription = redis.subscribe(CHANNEL, message -> listener.accept(parse(message)));
    }

    /** "job-id tenant-id"; a replica of the previous release sends the job id alone. */
    static Change parse(String message) {
        int space = message.indexOf(' ');
        return space < 0 ? new Change(UUID.fromString(message), null)
                : new Change(UUID.fromString(message.substring(0, space)), message.substring(space + 1));
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
