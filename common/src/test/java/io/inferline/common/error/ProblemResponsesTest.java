package io.inferline.common.error;

import io.micronaut.context.annotation.Property;
import io.micronaut.context.annotation.Requires;
import io.micronaut.data.connection.jdbc.exceptions.CannotGetJdbcConnectionException;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

@MicronautTest
@Property(name = "spec.name", value = "ProblemResponsesTest")
class ProblemResponsesTest {

    @Inject
    @Client("/")
    HttpClient client;

    @Inject
    JsonMapper json;

    @Test
    void ourExceptionsBecomeProblemsNamingTheField() throws Exception {
        var problem = problem(HttpRequest.GET("/problems/invalid"), HttpStatus.BAD_REQUEST);
        assertEquals("https://inferline.dev/problems/invalid-request", problem.get("type"));
        assertEquals(List.of(Map.of("field", "model", "reason", "required")), problem.get("errors"));
        assertEquals("/problems/invalid", problem.get("instance"));
    }

    @Test
    void unexpectedFailuresAre500ProblemsThatLeakNothing() throws Exception {
        var problem = problem(HttpRequest.GET("/problems/boom"), HttpStatus.INTERNAL_SERVER_ERROR);
        assertFalse(problem.toString().contains("secret-detail"), problem.toString());
        assertFalse(problem.toString().contains("IllegalStateException"), problem.toString());
    }

    @Test
    void aDatabaseThatIsAwayIsA503ProblemWithRetryAfter() throws Exception {
        for (String path : List.of("/problems/db-down", "/problems/db-no-connection")) {
            var e = assertThrows(HttpClientResponseException.class,
                    () -> client.toBlocking().exchange(HttpRequest.GET(path), String.class));
            assertEquals(HttpStatus.SERVICE_UNAVAILABLE, e.getStatus(), path);
            assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
            assertEquals("2", e.getResponse().getHeaders().get("Retry-After"), path);
            Map<?, ?> problem = json.readValue(e.getResponse().getBody(String.class).orElseThrow(), Map.class);
            assertEquals("https://inferline.dev/problems/service-unavailable", problem.get("type"));
            assertFalse(problem.toString().contains("secret-detail"), problem.toString());
        }
    }

    @Test
    void otherDatabaseErrorsStay500ProblemsThatLeakNothing() throws Exception {
        var problem = problem(HttpRequest.GET("/problems/db-constraint"), HttpStatus.INTERNAL_SERVER_ERROR);
        assertFalse(problem.toString().contains("secret-detail"), problem.toString());
    }

    @Test
    void frameworkErrorsAreProblemsToo() throws Exception {
        problem(HttpRequest.GET("/no/such/route"), HttpStatus.NOT_FOUND);
        var malformed = problem(HttpRequest.POST("/problems/echo", "{\"name\": ").contentType(MediaType.APPLICATION_JSON),
                HttpStatus.BAD_REQUEST);
        assertEquals(400, malformed.get("status"));
    }

    private Map<?, ?> problem(HttpRequest<?> request, HttpStatus expected) throws Exception {
        var e = assertThrows(HttpClientResponseException.class,
                () -> client.toBlocking().exchange(request, String.class));
        assertEquals(expected, e.getStatus());
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
        String body = e.getResponse().getBody(String.class).orElseThrow();
        return json.readValue(body, Map.class);
    }

    @Requires(property = "spec.name", value = "ProblemResponsesTest")
    @Controller("/problems")
    static class FailingController {

        @Get("/invalid")
        String invalid() {
            throw new InvalidRequestException("model", "required");
        }

        @Get("/boom")
        String boom() {
            throw new IllegalStateException("secret-detail");
        }

        /** As a statement in a transaction callback throws it: unwrapped. */
        @Get("/db-down")
        String databaseDown() throws SQLException {
            throw new SQLException("secret-detail: I/O error", "08006");
        }

        @Get("/db-no-connection")
        String noConnection() {
            throw new CannotGetJdbcConnectionException("secret-detail",
                    new SQLTransientConnectionException("pool timed out"));
        }

        @Get("/db-constraint")
        String constraint() {
            throw new DataAccessException("secret-detail", new SQLException("duplicate key", "23505"));
        }

        @Post("/echo")
        Named echo(@Body Named body) {
            return body;
        }
    }

    @Serdeable
    record Named(String name) {
    }
}
