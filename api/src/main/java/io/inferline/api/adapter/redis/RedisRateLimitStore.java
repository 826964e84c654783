package io.inferline.api.adapter.redis;

import io.inferline.api.application.ratelimit.RateLimitStore;
import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
    private static final RedisScript CONSUME = new RedisScript("""
            local now = tonumber(ARGV[1]); local t = tonumber(ARGV[2]); local period = tonumber(ARGV[3])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            local new_tat = tat + tonumber(ARGV[4]) * t
            if new_tat - now > period then
              return {0, math.floor((period - (tat - now)) / t), math.ceil(new_tat - now - period), math.ceil(tat - now)}
            end
            redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
            return {1, math.floor((period - (new_tat - now)) / t), 0, math.ceil(new_tat - now)}
            """);

    /** KEYS[1] tat, KEYS[2] (optional) a marker that lets the adjustment happen once; ARGV now, T, delta, marker ttl. */
    private static final RedisScript ADJUST = new RedisScript("""
            if #KEYS == 2 and not redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[4]) then return 0 end
            local now = tonumber(ARGV[1])
            local tat = tonumber(redis.call('GET', KEYS[1]) or now)
            if tat < now then tat = now end
            tat = tat + tonumber(ARGV[3]) * tonumber(ARGV[2])
            if tat > now then redis.call('SET', KEYS[1], tostring(tat), 'PX', math.ceil(tat - now))
            else redis.call('DEL', KEYS[1]) end
            return 1
            """);

    /**
     * CONSUME's token spending and a concurrency slot together, so an admission is one round trip. Nothing is written
     * unless both fit: refused tokens take no slot, a full set of slots spends no tokens.
     * KEYS[1] tat, KEYS[2] sorted set of slot holders; ARGV now, T, period, cost, token limit (0: none),
     * slot limit (0: none), max hold ms, member. Returns {outcome (1 admitted, 0 tokens refused, 2 slots full),
     * remaining, retry_after_ms, reset_ms} (the last three for the tokens).
     */
    private static final RedisScript ADMIT = new RedisScript("""
            local now = tonumber(ARGV[1]); local t = tonumber(ARGV[2]); local period = tonumber(ARGV[3])
            local new_tat
            if tonumber(ARGV[5]) > 0 then
              local tat = tonumber(redis.call('GET', KEYS[1]) or now)
              if tat < now then tat = now end
              new_tat = tat + tonumber(ARGV[4]) * t
              if new_tat - now > period then
                return {0, math.floor((period - (tat - now)) / t), math.ceil(new_tat - now - period), math.ceil(tat - now)}
              end
            end
            if tonumber(ARGV[6]) > 0 then
              redis.call('ZREMRANGEBYSCORE', KEYS[2], '-inf', now - tonumber(ARGV[7]))
              if not redis.call('ZSCORE', KEYS[2], ARGV[8]) then
                if redis.call('ZCARD', KEYS[2]) >= tonumber(ARGV[6]) then return {2, 0, 0, 0} end
                redis.call('ZADD', KEYS[2], now, ARGV[8])
                redis.call('PEXPIRE', KEYS[2], ARGV[7])
              end
            end
            if not new_tat then return {1, 0, 0, 0} end
            redis.call('SET', KEYS[1], tostring(new_tat), 'PX', math.max(1, math.ceil(new_tat - now)))
            return {1, math.floor((period - (new_tat - now)) / t), 0, math.ceil(new_tat - now)}
            """);

    private static final Logger LOG = LoggerFactory.getLogger(RedisRateLimitStore.class);

    private final RedisAccess redis;
    private final Clock clock;

    RedisRateLimitStore(RedisAccess redis, Clock clock) {
        this.redis = redis;
        this.clock = clock;
    }

    @Override
    public Quota consume(String key, int limit, Duration period, int cost) {
        List<Long> result = CONSUME.eval(redis, ScriptOutputType.MULTI, new String[]{key},
                now(), interval(limit, period), Long.toString(period.toMillis()), Integer.toString(cost));
        return quota(limit, result);
    }

    @Override
    public Admission admit(String tokensKey, int tokenLimit, Duration period, int cost,
                           String slotsKey, String member, int slots, Duration maxHold) {
        List<Long> result = ADMIT.eval(redis, ScriptOutputType.MULTI, new String[]{tokensKey, slotsKey},
                now(), tokenLimit > 0 ? interval(tokenLimit, period) : "0", Long.toString(period.toMillis()),
                Integer.toString(cost), Integer.toString(Math.max(0, tokenLimit)), Integer.toString(Math.max(0, slots)),
                Long.toString(maxHold.toMillis()), member);
        Quota tokens = tokenLimit > 0 ? quota(tokenLimit, result) : null;
        return switch (result.get(0).intValue()) {
            case 1 -> new Admission(Outcome.ADMITTED, tokens);
            case 0 -> new Admission(Outcome.TOKENS_REFUSED, tokens);
            default -> new Admission(Outcome.SLOTS_FULL, tokens);
        };
    }

    @Override
    public void adjust(String key, int limit, Duration period, int delta, String onceKey) {
        ADJUST.eval(redis, ScriptOutputType.INTEGER, adjustKeys(key, onceKey), adjustArgs(limit, period, delta));
    }

    @Override
    public void adjustWithoutWaiting(String key, int limit, Duration period, int delta, String onceKey) {
        Unwaited.send(LOG, "adjust the rate limit " + key, () -> ADJUST.send(redis, ScriptOutputType.INTEGER,
                adjustKeys(key, onceKey), adjustArgs(limit, period, delta)));
    }

    @Override
    public void releaseSlotWithoutWaiting(String key, String member) {
        Unwaited.send(LOG, "release a slot of " + key, () -> redis.async().zrem(key, member));
    }

    private static String[] adjustKeys(String key, String onceKey) {
        return onceKey == null ? new String[]{key} : new String[]{key, onceKey};
    }

    private String[] adjustArgs(int limit, Duration period, int delta) {
        return new String[]{now(), interval(limit, period), Integer.toString(delta), Long.toString(period.toMillis() * 2)};
    }

    private static Quota quota(int limit, List<Long> result) {
        return new Quota(result.get(0) == 1, limit, (int) Math.max(0, result.get(1)),
                Duration.ofMillis(result.get(2)), Duration.ofMillis(result.get(3)));
    }

    private String now() {
        return Long.toString(clock.millis());
    }

    private static String interval(int limit, Duration period) {
        return Double.toString((double) period.toMillis() / limit);
    }
}
