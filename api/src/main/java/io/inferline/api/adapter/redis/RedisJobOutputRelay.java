package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobOutputRelay;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.ChannelSubscription;
import io.inferline.common.redis.RedisAccess;
import io.inferline.contracts.v1.events.JobOutput;
import io.micronaut.core.type.Argument;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Consumer;

/** Output pieces over Redis pub/sub, as JSON {@link JobOutput}s: every replica hears what any replica consumed. */
@Singleton
class RedisJobOutputRelay implements JobOutputRelay {

    static final String CHANNEL = "inferline:jobs:output";
    private static final Logger LOG = LoggerFactory.getLogger(RedisJobOutputRelay.class);

    private final RedisAccess redis;
    private final JsonObjects json;
    private ChannelSubscription subscription;

    RedisJobOutputRelay(RedisAccess redis, JsonObjects json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public void publish(JobOutput output) {
        try {
            redis.commands().publish(CHANNEL, json.write(output));
        } catch (RuntimeException e) {
            LOG.warn("could not relay output {} of job {}: {}", output.seq(), output.jobId(), e.toString());
        }
    }

    @Override
    public synchronized void subscribe(Consumer<JobOutput> listener) {
        if (subscription != null) {
            throw new IllegalStateException("job output has one subscriber");
        }
        subscription = redis.subscribe(CHANNEL, message -> {
            try {
                listener.accept(json.read(message, Argument.of(JobOutput.class)));
            } catch (RuntimeException e) {
                LOG.warn("unreadable output relayed on {} ignored: {}", CHANNEL, e.toString());
            }
        });
    }

    @PreDestroy
    synchronized void close() {
        if (subscription != null) {
            subscription.close();
        }
    }
}
