package io.inferline.api.adapter.http;

import io.inferline.api.application.Authenticator;
import io.inferline.api.application.ratelimit.RateLimitStore;
import io.inferline.api.application.ratelimit.RateLimitedException;
import io.inferline.api.application.ratelimit.RateLimiter;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Scope;
import io.inferline.common.error.ForbiddenException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.context.ServerRequestContext;
import jakarta.inject.Singleton;

import java.util.Arrays;
import java.util.Optional;

/**
 * What every API request passes first: the caller is authenticated, then counted against its request limits.
 * The quota (or the one that was exceeded) stays on the request for {@link RateLimitHeaders}.
 */
@Singleton
class RequestGate {

    private static final String QUOTA = "inferline.quota";

    private final Authenticator authenticator;
    private final RateLimiter rateLimiter;

    RequestGate(Authenticator authenticator, RateLimiter rateLimiter) {
        this.authenticator = authenticator;
        this.rateLimiter = rateLimiter;
    }

    /**
     * The caller, if it may do what {@code scope} (or one of {@code orScopes}) covers; 401 without a valid key or
     * token, 403 without the scope.
     */
    Caller enter(String authorization, Scope scope, Scope... orScopes) {
        Caller caller = authenticator.authenticate(authorization);
        if (!caller.may(scope) && Arrays.stream(orScopes).noneMatch(caller::may)) {
            throw new ForbiddenException("insufficient-scope", (caller.keyId().startsWith(Caller.USER_PREFIX)
                    ? "this user's role lacks" : "this API key lacks") + " the scope '" + scope.wireName() + "'");
        }
        try {
            rateLimiter.admitRequest(caller).ifPresent(RequestGate::remember);
        } catch (RateLimitedException e) {
            remember(e.quota());
            throw e;
        }
        return caller;
    }

    /** For limits checked later in a request (tokens, concurrent jobs): the exceeded one is reported instead. */
    static void remember(RateLimitStore.Quota quota) {
        ServerRequestContext.currentRequest().ifPresent(request -> request.setAttribute(QUOTA, quota));
    }

    static Optional<RateLimitStore.Quota> quotaOf(HttpRequest<?> request) {
        return request.getAttribute(QUOTA, RateLimitStore.Quota.class);
    }
}
