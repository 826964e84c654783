package io.inferline.platform;

import io.inferline.testkit.RestartablePostgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * PostgreSQL behind PgBouncer goes away and comes back, with no service restarted. The API and the worker each
 * get a database of their own, so the outages can overlap in the way that tests both: the API's is away for a
 * minute, while the worker (its database still up) finishes the first jobs and starts the next; then the worker's
 * goes away for 20 s while those run. Requests meanwhile get 503 problem+json with {@code Retry-After}; the
 * events that reach the API meanwhile wait for its database instead of being dropped (longer than its listener's
 * retries of other failures last); the worker's jobs wait for theirs instead of giving up (longer than its tries
 * last); so every job accepted before the outage ends {@code succeeded}, and the API takes jobs again.
 */
class PostgresRestartIT {

    private static final String API_KEY = "il_pg_restart_" + System.nanoTime();
    private static final int IN_FLIGHT = 3;
    private static final int JOBS = 2 * IN_FLIGHT;
    /** Longer than the ~51 s the API's event listener retries an ordinary failure. */
    private static final Duration API_OUTAGE = Duration.ofSeconds(60);
    /** Longer than the ~15 s the worker retries an ordinary failure. */
    private static final Duration WORKER_OUTAGE = Duration.ofSeconds(20);

    private static RestartablePostgres apiDatabase;
    private static RestartablePostgres workerDatabase;
    private static JobPathServices services;

    @BeforeAll
    static void startServices() throws Exception {
        apiDatabase = RestartablePostgres.start();
        workerDatabase = RestartablePostgres.start();
        var worker = new HashMap<>(on(workerDatabase));
        // two rounds of 3 jobs, 3 s each
        worker.put("INFERLINE_SIMULATOR_LATENCY", "3s");
        worker.put("INFERLINE_INFERENCE_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT));
        services = JobPathServices.start(API_KEY, worker, on(apiDatabase));
    }

    private static Map<String, String> on(RestartablePostgres database) {
        return Map.of("INFERLINE_DB_URL", database.pooledJdbcUrl(),
                "INFERLINE_DB_MIGRATION_URL", database.jdbcUrl(),
                "INFERLINE_DB_USER", database.user(),
                "INFERLINE_DB_PASSWORD", database.password());
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (services != null) {
            services.close();
        }
        for (RestartablePostgres database : new RestartablePostgres[] {apiDatabase, workerDatabase}) {
            if (database != null) {
                database.close();
            }
        }
    }

    @Test
    void requestsGet503WhileTheDatabaseIsAwayAndAcceptedJobsEndOnceItIsBack() throws Exception {
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            accepted.add(jobs.submit(job(i)));
        }
        // relayed to Kafka and the first round started: its events will reach the API while its database is away
        awaitAnyRunning(accepted);

        apiDatabase.stop();
        long apiOutageEnds = System.nanoTime() + API_OUTAGE.toNanos();
        // the first round finishes and the second starts on the worker, whose database is still up
        awaitExecutionRows(JOBS);
        workerDatabase.stop();
        long workerOutageEnds = System.nanoTime() + WORKER_OUTAGE.toNanos();
        while (System.nanoTime() < apiOutageEnds) {
            if (workerOutageEnds != 0 && System.nanoTime() > workerOutageEnds) {
                workerDatabase.startAgain();
                workerOutageEnds = 0;
            }
            HttpResponse<String> response = submit(job(-1));
            assertEquals(503, response.statusCode(), "while the database is away: " + response.body());
            assertEquals("application/problem+json",
                    response.headers().firstValue("Content-Type").orElse("").split(";")[0], response.body());
            assertTrue(response.headers().firstValue("Retry-After").isPresent(), "Retry-After on " + response.body());
            assertEquals("service-unavailable", JobsOverHttp.field(response.body(), "type").replaceAll(".*/", ""));
            Thread.sleep(1_000);
        }
        apiDatabase.startAgain();

        List<String> statuses = new ArrayList<>();
        for (String id : accepted) {
            statuses.add(JobsOverHttp.field(jobs.awaitFinal(id, Duration.ofSeconds(60)), "status"));
        }
        assertEquals(JOBS, statuses.stream().filter("succeeded"::equals).count(),
                "accepted " + JOBS + " before the outage, final states: " + statuses);

        String after = submitWhenAccepted(job(JOBS));
        assertEquals("succeeded", JobsOverHttp.field(jobs.awaitFinal(after, Duration.ofSeconds(60)), "status"));
    }

    /** Polls the worker's own database until that many jobs have started there. */
    private static void awaitExecutionRows(int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try (Connection connection = DriverManager.getConnection(workerDatabase.jdbcUrl(), workerDatabase.user(),
                workerDatabase.password());
             var statement = connection.prepareStatement("SELECT count(*) FROM inference.executions")) {
            int started;
            do {
                try (var rows = statement.executeQuery()) {
                    rows.next();
                    started = rows.getInt(1);
                }
                if (started >= count) {
                    return;
                }
                Thread.sleep(50);
            } while (System.nanoTime() < deadline);
            throw new AssertionError("only " + started + " of " + count + " jobs started on the worker");
        }
    }

    private static void awaitAnyRunning(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        do {
            for (String id : ids) {
                String status = JobsOverHttp.field(services.api().send(HttpRequest.newBuilder(
                        services.api().uri("/v1/jobs/" + id)).header("Authorization", "Bearer " + API_KEY).GET())
                        .body(), "status");
                if (status.equals("running")) {
                    return;
                }
            }
            Thread.sleep(100);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("no job started");
    }

    /** The first submission after the outage may still meet a connection the pool had before it. */
    private static String submitWhenAccepted(String body) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        HttpResponse<String> response;
        do {
            response = submit(body);
            if (response.statusCode() == 202) {
                return JobsOverHttp.field(response.body(), "id");
            }
            assertEquals(503, response.statusCode(), response.body());
            Thread.sleep(500);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("not accepted after the database came back: " + response.body());
    }

    private static HttpResponse<String> submit(String body) throws Exception {
        return services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/jobs"))
                .header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
    }

    private static String job(int i) {
        return "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"pg restart " + i + "\"}}";
    }
}
