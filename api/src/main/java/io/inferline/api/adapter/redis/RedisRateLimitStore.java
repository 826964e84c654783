package io.inferline.api.adapter.redis;

import io.inferline.api.application.ratelimit.RateLimitStore;
import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.List;

/**
 * The counters as Lua scripts, so each check-and-spend is one atomic step however many replicas call it. Every
 * script touches keys of one hash tag only, which keeps it valid on a Redis cluster.
 */
@Singleton
class RedisRateLimitStore implements RateLimitStore {

    /**
     * GCRA: the key holds the theoretical arrival time (TAT) in ms. A request of {@code cost} moves it by
     * cost * T (T = period / limit) and fits while TAT - now stays within the period.
     * KEYS[1] tat; ARGV now, T, period, cost. Returns {allowed, remaining, retry_after_ms, reset_ms}.
     */
    private static final String CONSUME = """
            local now = tonumber(ARGV[1]); local t = tonumber(ARGV[2]); local period = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local new_tat = tat + tonumber(ARGV[4]) * t
            if new_tat - now > period then
              return {0, math.floor((period - (tat - now)) / t), math.ceil(new_tat - now - period), math.ceil(tat - now)}
            end
            redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
            return {1, math.floor((period - (new_tat - now)) / t), 0, math.ceil(new_tat - now)}
            """;

    /** KEYS[1] tat, KEYS[2] (optional) a marker that lets the adjustment happen once; ARGV now, T, delta, marker ttl. */
    private static final String ADJUST = """
            if #KEYS == 2 and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) then return 0 end
            local now = tonumber(ARGV[1])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            tat = tat + tonumber(ARGV[3]) * tonumber(ARGV[2])
            if tat > now then redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now))
            else redis.call('DEL', KEYS[1]) end
            return 1
            """;

    /** KEYS[1] sorted set of holders; ARGV now, max hold ms, limit, member. */
    private static final String ACQUIRE = """
            local now = tonumber(ARGV[1])
            redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[2]))
            if redis.call('ZSCORE', KEYS[1], ARGV[4]) then return 1 end
            if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[3]) then return 0 end
            redis.call('ZADD', KEYS[1], now, ARGV[4])
            redis.call('PEXPIRE', KEYS[1], ARGV[2])
            return 1
            """;

    private final RedisAccess redis;
    private final Clock clock;

    RedisRateLimitStore(RedisAccess redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Quota consume(String key, int limit, Duration period, int cost) {
        List<Long> result = redis.commands().eval(CONSUME, ScriptOutputType.MULTI, new String[]{key},
                now(), interval(limit, period), Long.toString(period.toMillis()), Integer.toString(cost));
        return new Quota(result.get(0) == 1, limit, (int) Math.max(0, result.get(1)),
                Duration.ofMillis(result.get(2)), Duration.ofMillis(result.get(3)));
    }

    @Override
    public void adjust(String key, int limit, Duration period, int delta, String onceKey) {
        redis.commands().eval(ADJUST, ScriptOutputType.INTEGER, onceKey == null ? new String[]{key} : new String[]{key, onceKey},
                now(), interval(limit, period), Integer.toString(delta), Long.toString(period.toMillis() * 2));
    }

    @Override
    public boolean acquireSlot(String key, String member, int limit, Duration maxHold) {
        Long acquired = redis.commands().eval(ACQUIRE, ScriptOutputType.INTEGER, new String[]{key},
                now(), Long.toString(maxHold.toMillis()), Integer.toString(limit), member);
        return acquired == 1;
    }

    @Override
    public void releaseSlot(String key, String member) {
        redis.commands().zrem(key, member);
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private static String interval(int limit, Duration period) {
        return Double.toString((double) period.toMillis() / limit);
    }
}
