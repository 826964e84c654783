package io.inferline.api.adapter.http;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.openai.OpenAiError;
import io.inferline.contracts.v1.problem.Problem;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.ResponseFilter;
import io.micronaut.http.annotation.ServerFilter;

/**
 * On the OpenAI-compatible paths every error is answered in OpenAI's shape instead of problem+json, whoever raised
 * it (authentication, limits, routing, validation, Micronaut itself), so OpenAI's SDKs raise their own error
 * classes. Status and headers ({@code Retry-After}, {@code RateLimit-*}) stay as they were.
 */
@ServerFilter({"/v1/chat/completions", "/v1/completions", "/v1/embeddings", "/v1/models", "/v1/models/**"})
class OpenAiErrors {

    @ResponseFilter
    void rewrite(HttpRequest<?> request, MutableHttpResponse<?> response) {
        if (response.getBody().orElse(null) instanceof Problem problem) {
            response.body(of(problem)).contentType(MediaType.APPLICATION_JSON_TYPE);
        }
    }

    static OpenAiError of(Problem problem) {
        String slug = problem.type().startsWith(Problem.TYPE_BASE) ? problem.type().substring(Problem.TYPE_BASE.length())
                : problem.type();
        String param = problem.errors() == null || problem.errors().isEmpty() ? null : problem.errors().getFirst().field();
        String message = problem.detail() == null ? problem.title() : problem.detail();
        return OpenAiError.of(message, type(problem.status(), slug), param, code(problem.status(), slug));
    }

    static OpenAiError of(InferlineException e) {
        return of(new Problem(Problem.TYPE_BASE + e.type(), e.title(), e.status(), e.getMessage(), null,
                e.fieldErrors().isEmpty() ? null : e.fieldErrors()));
    }

    private static String type(int status, String slug) {
        return switch (status) {
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> slug.equals("budget-exhausted") ? "insufficient_quota" : "rate_limit_error";
            default -> status >= 500 ? "server_error" : "invalid_request_error";
        };
    }

    private static String code(int status, String slug) {
        return switch (slug) {
            case "unauthorized" -> "invalid_api_key";
            case "rate-limited" -> "rate_limit_exceeded";
            case "budget-exhausted" -> "insufficient_quota";
            default -> status == 400 && slug.equals("invalid-request") ? null : slug.replace('-', '_');
        };
    }
}
