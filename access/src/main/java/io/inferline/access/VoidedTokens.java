package io.inferline.access;

import io.inferline.common.redis.RedisAccess;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Whether auth has voided an access token before its expiry: auth records "tokens of user U issued before T are
 * void" in Redis ({@link AccessTokens#voidedKey}) when U is disabled, changes role or logs out everywhere. One GET
 * per verified token.
 * <p>
 * Redis unreachable: a void this replica read before still applies; otherwise the token is accepted (fail-open).
 * Its signature, issuer and expiry are verified, so at worst a token voided during the outage lives to its expiry,
 * as every token did before voiding existed; refusing instead would lock every user out for the outage, unlike
 * the API-key path, which also keeps serving the callers it has seen.
 */
@Singleton
public class VoidedTokens {

    private static final Logger LOG = LoggerFactory.getLogger(VoidedTokens.class);
    private static final int MAX_REMEMBERED = 100_000;

    private final RedisAccess redis;
    /** user id → the last void-before (epoch seconds) read for them. */
    private final Map<String, Long> seen = new ConcurrentHashMap<>();

    public VoidedTokens(RedisAccess redis) {
        this.redis = redis;
    }

    public boolean isVoid(AccessToken token) {
        Long voidBefore;
        try {
            String value = redis.commands().get(AccessTokens.voidedKey(token.subject()));
            voidBefore = value == null ? null : Long.valueOf(value);
        } catch (RuntimeException e) {
            voidBefore = seen.get(token.subject());
            LOG.warn("voided tokens cannot be read, {}: {}", voidBefore == null
                    ? "accepting a verified token" : "using the void this replica saw last", e.toString());
            return voidBefore != null && token.issuedAt().getEpochSecond() < voidBefore;
        }
        if (voidBefore == null) {
            seen.remove(token.subject());
            return false;
        }
        if (seen.size() < MAX_REMEMBERED || seen.containsKey(token.subject())) {
            seen.put(token.subject(), voidBefore);
        }
        return token.issuedAt().getEpochSecond() < voidBefore;
    }
}
