package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem;
import io.micronaut.context.annotation.Replaces;
import io.micronaut.core.annotation.NonNull;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.server.exceptions.response.Error;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Locale;

/**
 * Turns the errors Micronaut raises itself (unknown route, malformed JSON, wrong media type, body too large,
 * unhandled exceptions) into problem+json too. Server errors never carry the exception's message.
 */
@Singleton
@Replaces(ErrorResponseProcessor.class)
public class ProblemErrorResponseProcessor implements ErrorResponseProcessor<Problem> {

    @Override
    @NonNull
    public MutableHttpResponse<Problem> processResponse(@NonNull ErrorContext context,
                                                        @NonNull MutableHttpResponse<?> response) {
        int status = response.code();
        String title = response.getStatus().getReason();
        String detail = status >= 500
                ? "The server could not complete the request; it has been logged."
                : context.getErrors().stream().map(Error::getMessage).map(ProblemErrorResponseProcessor::firstLine)
                        .findFirst().orElse(title);
        String type = title.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-");
        Problem problem = new Problem(Problem.TYPE_BASE + type, title, status, detail,
                context.getRequest().getPath(), null);
        return response.body(problem).contentType(Problem.MEDIA_TYPE);
    }

    /** Parser messages go on with source locations that mean nothing to the caller. */
    private static String firstLine(String message) {
        int end = message.indexOf('\n');
        return end < 0 ? message : message.substring(0, end);
    }
}
