package io.inferline.api.adapter.http;

import io.micronaut.http.HttpRequest;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * {@code RateLimit-Limit}, {@code RateLimit-Remaining} and {@code RateLimit-Reset} (seconds until the whole limit
 * is available again) on every counted answer, from the tightest limit that applied, or on a 429 the one hit.
 */
@ServerFilter("/v1/**")
class RateLimitHeaders {

    @ResponseFilter
    void addHeaders(HttpRequest<?> request, MutableHttpResponse<?> response) {
        RequestGate.quotaOf(request).ifPresent(quota -> {
            response.header("RateLimit-Limit", Integer.toString(quota.limit()));
            response.header("RateLimit-Remaining", Integer.toString(quota.remaining()));
            response.header("RateLimit-Reset", Long.toString((quota.reset().toMillis() + 999) / 1000));
        });
    }
}
