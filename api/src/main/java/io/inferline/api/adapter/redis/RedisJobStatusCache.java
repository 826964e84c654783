package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobStatusCache;
import io.inferline.api.domain.Job;
import io.inferline.common.json.JsonObjects;
import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.SetArgs;
import io.micronaut.core.type.Argument;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Jobs in Redis for a day after their last change. Every failure here is logged and swallowed: PostgreSQL holds
 * the truth, so a Redis outage costs latency, never answers.
 */
@Singleton
class RedisJobStatusCache implements JobStatusCache {

    private static final Logger LOG = LoggerFactory.getLogger(RedisJobStatusCache.class);
    private static final Duration TTL = Duration.ofHours(24);

    private final RedisAccess redis;
    private final JsonObjects json;

    RedisJobStatusCache(RedisAccess redis, JsonObjects json) {
        this.redis = redis;
        this.json = json;
    }

    @Override
    public Optional<Job> get(String tenantId, UUID id) {
        try {
            return Optional.ofNullable(redis.commands().get(key(tenantId, id)))
                    .map(value -> json.read(value, Argument.of(Job.class)));
        } catch (RuntimeException e) {
            LOG.warn("job cache read failed, reading from the database: {}", e.toString());
            return Optional.empty();
        }
    }

    /** Sent without waiting for Redis: readers that find no entry (yet) read PostgreSQL. */
    @Override
    public void put(Job job) {
        Unwaited.send(LOG, "write the job cache entry of " + job.id(),
                () -> redis.async().set(key(job.tenantId(), job.id()), json.write(job), SetArgs.Builder.ex(TTL)));
    }

    private static String key(String tenantId, UUID id) {
        return "inferline:jobs:" + tenantId + ":" + id;
    }
}
