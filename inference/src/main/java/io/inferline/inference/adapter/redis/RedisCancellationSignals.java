package io.inferline.inference.adapter.redis;

import io.inferline.common.redis.ChannelSubscription;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.jobs.JobSignals;
import io.inferline.inference.application.CancellationSignals;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.UUID;
import java.util.function.Consumer;

/**
 * Reads the cancellation signals the API leaves in Redis. When Redis cannot answer, a job counts as not canceled:
 * running it anyway costs compute, never correctness, because the API keeps the job canceled.
 */
@Singleton
class RedisCancellationSignals implements CancellationSignals {

    private static final Logger LOG = LoggerFactory.getLogger(RedisCancellationSignals.class);

    private final RedisAccess redis;
    private ChannelSubscription subscription;

    RedisCancellationSignals(RedisAccess redis) {
        this.redis = redis;
    }

    @Override
    public boolean isCanceled(UUID jobId) {
        try {
            return redis.commands().exists(JobSignals.canceledKey(jobId)) > 0;
        } catch (RuntimeException e) {
            LOG.warn("could not check whether job {} was canceled: {}", jobId, e.toString());
            return false;
        }
    }

    @Override
    public synchronized void subscribe(Consumer<UUID> listener) {
        if (subscription != null) {
            throw new IllegalStateException("cancellation signals have one subscriber");
        }
        subscription = redis.subscribe(JobSignals.CANCEL_CHANNEL, message -> listener.accept(UUID.fromString(message)));
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
