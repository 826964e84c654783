package io.inferline.common.error;

import io.inferline.contracts.v1.problem.Problem;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.exceptions.ConnectionException;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.annotation.Produces;
import io.micronaut.http.server.exceptions.ExceptionHandler;
import io.micronaut.http.server.exceptions.response.ErrorContext;
import io.micronaut.http.server.exceptions.response.ErrorResponseProcessor;
import io.micronaut.transaction.exceptions.TransactionException;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.SQLException;
import java.time.Duration;

/**
 * A database that is away (restarting, unreachable, PgBouncer unable to reach it) answers 503 problem+json with
 * {@code Retry-After}, through {@link ProblemExceptionHandler} like every other failure: the request did nothing
 * and may be sent again. Any other database error stays what it was, a logged 500 without details. One handler
 * per type the data layer throws: statements' own {@link SQLException}s pass through transaction callbacks
 * unwrapped, connection and transaction failures come wrapped.
 */
final class DatabaseExceptionHandlers {

    static final Duration RETRY_AFTER = Duration.ofSeconds(2);
    private static final Logger LOG = LoggerFactory.getLogger(DatabaseExceptionHandlers.class);

    private DatabaseExceptionHandlers() {
    }

    /** The shared mapping; the handlers below only fix the exception type Micronaut dispatches on. */
    @Singleton
    @Requires(classes = ExceptionHandler.class)
    static final class Mapping {
        private final ProblemExceptionHandler problems;
        private final ErrorResponseProcessor<?> errors;

        Mapping(ProblemExceptionHandler problems, ErrorResponseProcessor<?> errors) {
            this.problems = problems;
            this.errors = errors;
        }

        HttpResponse<?> handle(HttpRequest<?> request, Throwable failure) {
            if (DatabaseFailures.isUnavailable(failure)) {
                LOG.warn("Database unavailable for {} {}: {}", request.getMethod(), request.getPath(), failure.toString());
                return problems.handle(request, new ServiceUnavailableException(
                        "The database is unavailable; nothing was done. Try again shortly.", failure, RETRY_AFTER));
            }
            LOG.error("Unexpected error occurred: {}", failure.getMessage(), failure);
            return errors.processResponse(ErrorContext.builder(request).cause(failure)
                    .errorMessage("Internal Server Error").build(), HttpResponse.serverError());
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = ExceptionHandler.class)
    static final class Sql implements ExceptionHandler<SQLException, HttpResponse<?>> {
        private final Mapping mapping;

        Sql(Mapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, SQLException exception) {
            return mapping.handle(request, exception);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = ExceptionHandler.class)
    static final class Connection implements ExceptionHandler<ConnectionException, HttpResponse<?>> {
        private final Mapping mapping;

        Connection(Mapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, ConnectionException exception) {
            return mapping.handle(request, exception);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = ExceptionHandler.class)
    static final class JdbcConnection implements ExceptionHandler<CannotGetJdbcConnectionException, HttpResponse<?>> {
        private final Mapping mapping;

        JdbcConnection(Mapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, CannotGetJdbcConnectionException exception) {
            return mapping.handle(request, exception);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = ExceptionHandler.class)
    static final class Transaction implements ExceptionHandler<TransactionException, HttpResponse<?>> {
        private final Mapping mapping;

        Transaction(Mapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, TransactionException exception) {
            return mapping.handle(request, exception);
        }
    }

    @Singleton
    @Produces(Problem.MEDIA_TYPE)
    @Requires(classes = ExceptionHandler.class)
    static final class DataAccess implements ExceptionHandler<DataAccessException, HttpResponse<?>> {
        private final Mapping mapping;

        DataAccess(Mapping mapping) {
            this.mapping = mapping;
        }

        @Override
        public HttpResponse<?> handle(HttpRequest request, DataAccessException exception) {
            return mapping.handle(request, exception);
        }
    }
}
