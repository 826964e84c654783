package io.inferline.auth.adapter.redis;

import io.inferline.access.AccessTokens;
import io.inferline.auth.application.AccessTokenVoids;
import io.inferline.auth.config.TokenProperties;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.common.redis.RedisAccess;
import io.lettuce.core.SetArgs;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

/**
 * One key per user (a single-slot command, so a Redis cluster works too), its value the first second whose tokens
 * stay valid. A token's {@code iat} has whole seconds, so the void covers the current second as a whole, and a
 * token issued later in that second carries the next second as its {@code iat}. The key expires once every token
 * it voids has expired (the access-token lifetime plus the verifiers' clock skew).
 */
@Singleton
class RedisAccessTokenVoids implements AccessTokenVoids {

    private static final Logger LOG = LoggerFactory.getLogger(RedisAccessTokenVoids.class);
    private static final Duration VERIFIER_CLOCK_SKEW = Duration.ofSeconds(5);

    private final RedisAccess redis;
    private final TokenProperties tokens;
    private final Clock clock;

    RedisAccessTokenVoids(RedisAccess redis, TokenProperties tokens, Clock clock) {
        this.redis = redis;
        this.tokens = tokens;
        this.clock = clock;
    }

    @Override
    public void voidAll(UUID userId) {
        long validFrom = clock.instant().getEpochSecond() + 1;
        Duration lifetime = tokens.getAccessTtl().plus(VERIFIER_CLOCK_SKEW).plusSeconds(1);
        try {
            redis.commands().set(AccessTokens.voidedKey(userId.toString()), Long.toString(validFrom),
                    SetArgs.Builder.px(lifetime.toMillis()));
        } catch (RuntimeException e) {
            throw new ServiceUnavailableException("the user's access tokens cannot be revoked for a moment; "
                    + "nothing was changed, retry shortly", e);
        }
    }

    @Override
    public Instant issuableFrom(UUID userId, Instant now) {
        String validFrom;
        try {
            validFrom = redis.commands().get(AccessTokens.voidedKey(userId.toString()));
        } catch (RuntimeException e) {
            // the token is issued with the current time: at worst refused for the rest of a void's second
            LOG.warn("voided tokens cannot be read: {}", e.toString());
            return now;
        }
        if (validFrom == null) {
            return now;
        }
        Instant first = Instant.ofEpochSecond(Long.parseLong(validFrom));
        return first.isAfter(now) ? first : now;
    }
}
