package io.inferline.celery.adapter.redis;

import io.inferline.celery.application.ResultBackend;
import io.inferline.celery.config.CeleryProperties;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.Optional;
import java.util.UUID;

/**
 * Celery's Redis result backend ({@code celery.backends.redis}): the result is the value of
 * {@code celery-task-meta-<task id>}, set with the result TTL ({@code result_expires}, one day by default) and
 * published on the channel of the same name, in one step, as Celery's pipeline does. {@code AsyncResult.get()}
 * waits on that channel and reads the key, so it needs both.
 */
@Singleton
class RedisResultBackend implements ResultBackend {

    static final String KEY_PREFIX = "celery-task-meta-";
    static final String PARKED_PREFIX = "inferline-celery:parked-event:";

    private static final String STORE = """
            if tonumber(ARGV[2]) > 0 then
              redis.call('SETEX', KEYS[1], ARGV[2], ARGV[1])
            else
              redis.call('SET', KEYS[1], ARGV[1])
            end
            return redis.call('PUBLISH', KEYS[1], ARGV[1])
            """;

    private final CeleryProperties properties;
    private final CeleryRedis redis;
    private StatefulRedisConnection<String, String> connection;

    RedisResultBackend(CeleryProperties properties, CeleryRedis redis) {
        this.properties = properties;
        this.redis = redis;
    }

    @Override
    public void store(String taskId, String meta) {
        commands().eval(STORE, ScriptOutputType.INTEGER, new String[]{KEY_PREFIX + taskId}, meta,
                Long.toString(properties.getResultExpires().toSeconds()));
    }

    @Override
    public void parkEvent(UUID jobId, String event, Duration keepFor) {
        commands().setex(PARKED_PREFIX + jobId, keepFor.toSeconds(), event);
    }

    @Override
    public Optional<String> takeParkedEvent(UUID jobId) {
        return Optional.ofNullable(commands().getdel(PARKED_PREFIX + jobId));
    }

    private synchronized RedisCommands<String, String> commands() {
        if (connection == null) {
            String url = properties.getResultBackend();
            if (url == null) {
                throw new IllegalStateException(
                        "no Celery result backend configured (INFERLINE_CELERY_RESULT_BACKEND)");
            }
            connection = redis.connect(url);
        }
        return connection.sync();
    }
}
