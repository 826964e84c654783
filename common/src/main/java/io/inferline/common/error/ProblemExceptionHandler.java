package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import jakarta.inject.Singleton;

/** Maps the exception root to problem+json, once for every service. */
@Singleton
@Produces(Problem.MEDIA_TYPE)
@Requires(classes = ExceptionHandler.class)
public class ProblemExceptionHandler implements ExceptionHandler<InferlineException, HttpResponse<Problem>> {

    @Override
    public HttpResponse<Problem> handle(HttpRequest request, InferlineException e) {
        var errors = e.fieldErrors().isEmpty() ? null : e.fieldErrors();
        var problem = new Problem(Problem.TYPE_BASE + e.type(), e.title(), e.status(), e.getMessage(),
                request.getPath(), errors);
        var response = HttpResponse.<Problem>status(HttpStatus.valueOf(e.status())).body(problem)
                .contentType(Problem.MEDIA_TYPE);
        if (e.retryAfter() != null) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, (e.retryAfter().toMillis() + 999) / 1000)));
        }
        return response;
    }
}
