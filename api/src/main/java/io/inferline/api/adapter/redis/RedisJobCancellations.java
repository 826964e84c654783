package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobCancellations;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.jobs.JobSignals;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.UUID;

/**
 * Marks the job canceled for workers that have not started it, and announces it to those running it. If Redis
 * is away the job still ends canceled (the API stores that first and ignores later worker events); a worker
 * that misses the signal only spends the compute.
 */
@Singleton
class RedisJobCancellations implements JobCancellations {

    private static final Logger LOG = LoggerFactory.getLogger(RedisJobCancellations.class);
    private static final Duration KEEP = Duration.ofDays(7);

    private final RedisAccess redis;

    RedisJobCancellations(RedisAccess redis) {
        this.redis = redis;
    }

    @Override
    public void cancel(UUID jobId) {
        try {
            redis.commands().set(JobSignals.canceledKey(jobId), "1", SetArgs.Builder.ex(KEEP));
            redis.commands().publish(JobSignals.CANCEL_CHANNEL, jobId.toString());
        } catch (RuntimeException e) {
            LOG.warn("could not signal the cancellation of job {} to workers: {}", jobId, e.toString());
        }
    }
}
