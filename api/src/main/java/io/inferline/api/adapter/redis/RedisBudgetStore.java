package io.inferline.api.adapter.redis;

import io.inferline.api.application.quota.BudgetStore;
import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.ScriptOutputType;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Budgets as Lua scripts over one hash per tenant and month ({@code tokens}, {@code micros}) and one key per
 * reserved job holding its reservation; both carry the tenant's hash tag, so each script stays in one cluster slot.
 */
@Singleton
class RedisBudgetStore implements BudgetStore {

    /** KEYS month hash, job reservation; ARGV tokens, micros, token limit, micro limit, keep-until ms. */
    private static final RedisScript RESERVE = new RedisScript("""
            local t = tonumber(redis.call('HGET', KEYS[1], 'tokens') or '0')
            local m = tonumber(redis.call('HGET', KEYS[1], 'micros') or '0')
            local tl = tonumber(ARGV[3]); local ml = tonumber(ARGV[4])
            if (tl >= 0 and t + tonumber(ARGV[1]) > tl) or (ml >= 0 and m + tonumber(ARGV[2]) > ml) then
              return {0, t, m}
            end
            redis.call('HINCRBY', KEYS[1], 'tokens', ARGV[1])
            redis.call('HINCRBY', KEYS[1], 'micros', ARGV[2])
            redis.call('PEXPIREAT', KEYS[1], ARGV[5])
            redis.call('SET', KEYS[2], ARGV[1] .. ':' .. ARGV[2], 'PXAT', ARGV[5])
            return {1, t, m}
            """);

    /** KEYS month hash, job reservation; ARGV used tokens, used micros. */
    private static final RedisScript SETTLE = new RedisScript("""
            local reserved = redis.call('GET', KEYS[2])
            if not reserved then return 0 end
            redis.call('DEL', KEYS[2])
            local sep = string.find(reserved, ':')
            local t = tonumber(string.sub(reserved, 1, sep - 1)); local m = tonumber(string.sub(reserved, sep + 1))
            redis.call('HINCRBY', KEYS[1], 'tokens', tonumber(ARGV[1]) - t)
            redis.call('HINCRBY', KEYS[1], 'micros', tonumber(ARGV[2]) - m)
            return 1
            """);

    private static final Logger LOG = LoggerFactory.getLogger(RedisBudgetStore.class);

    private final RedisAccess redis;

    RedisBudgetStore(RedisAccess redis) {
        this.redis = redis;
    }

    @Override
    public Optional<Spent> reserve(String tenantId, String month, String jobId, long tokens, long micros,
                                   long tokenLimit, long microLimit, Instant keepUntil) {
        List<Long> result = RESERVE.eval(redis, ScriptOutputType.MULTI,
                new String[]{monthKey(tenantId, month), reservationKey(tenantId, jobId)},
                Long.toString(tokens), Long.toString(micros), Long.toString(tokenLimit), Long.toString(microLimit),
                Long.toString(keepUntil.toEpochMilli()));
        return result.get(0) == 1 ? Optional.empty() : Optional.of(new Spent(result.get(1), result.get(2)));
    }

    @Override
    public void settle(String tenantId, String month, String jobId, long usedTokens, long usedMicros) {
        Unwaited.send(LOG, "settle the budget of job " + jobId, () -> SETTLE.send(redis, ScriptOutputType.INTEGER,
                new String[]{monthKey(tenantId, month), reservationKey(tenantId, jobId)},
                Long.toString(usedTokens), Long.toString(usedMicros)));
    }

    private static String monthKey(String tenantId, String month) {
        return "inferline:budget:{t:" + tenantId + "}:" + month;
    }

    private static String reservationKey(String tenantId, String jobId) {
        return "inferline:budget:{t:" + tenantId + "}:job:" + jobId;
    }
}
