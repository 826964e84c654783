package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobUpdates;
import io.inferline.common.redis.ChannelSubscription;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.jobs.JobStatus;
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

    /** Sent without waiting for Redis: listeners read the job from PostgreSQL, the message only says whether to. */
    @Override
    public void publish(Change change) {
        Unwaited.send(LOG, "announce the change of job " + change.jobId(),
                () -> redis.async().publish(CHANNEL, format(change)));
    }

    @Override
    public synchronized void subscribe(Consumer<Change> listener) {
        if (subscription != null) {
            throw new IllegalStateException("job updates have one subscriber");
        }
        subscription = redis.subscribe(CHANNEL, message -> listener.accept(parse(message)));
    }

    /**
     * "job-id tenant-id status"; replicas of earlier releases send "job-id tenant-id" or the job id alone (and,
     * while they run beside this one, take "tenant-id status" for the tenant: their tenant streams miss changes
     * announced by newer replicas until the rollout ends).
     */
    static String format(Change change) {
        return change.jobId() + " " + change.tenantId() + (change.status() == null ? ""
                : " " + change.status().wireName());
    }

    static Change parse(String message) {
        int space = message.indexOf(' ');
        if (space < 0) {
            return new Change(UUID.fromString(message), null, null);
        }
        UUID jobId = UUID.fromString(message.substring(0, space));
        int last = message.lastIndexOf(' ');
        JobStatus status = last > space ? status(message.substring(last + 1)) : null;
        return status == null ? new Change(jobId, message.substring(space + 1), null)
                : new Change(jobId, message.substring(space + 1, last), status);
    }

    private static JobStatus status(String wireName) {
        try {
            return JobStatus.fromWireName(wireName);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
