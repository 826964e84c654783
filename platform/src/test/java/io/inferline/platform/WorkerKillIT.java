package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At-least-once through a worker's death: the inference process is killed with SIGKILL while it holds running
 * jobs and more wait in Kafka, then started again. Every accepted job ends {@code succeeded}; the ones that were
 * running at the kill run again, the ones that had finished do not.
 */
class WorkerKillIT {

    private static final String API_KEY = "il_worker_kill_" + System.nanoTime();
    private static final int JOBS = 12;
    private static final int IN_FLIGHT = 3;

    private static JobPathServices services;

    @BeforeAll
    static void startServices() throws Exception {
        services = JobPathServices.start(API_KEY, Map.of(
                // 4 rounds of 3 jobs, 3 s each: the kill lands while some are done, some running, some queued
                "INFERLINE_SIMULATOR_LATENCY", "3s",
                // the restarted worker gets the dead one's partitions once its session expired (10 s)
                "INFERLINE_INFERENCE_MAX_IN_FLIGHT", Integer.toString(IN_FLIGHT)));
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyAcceptedJobSucceedsOnceAlthoughTheWorkerWasKilledMidJob() throws Exception {
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            accepted.add(jobs.submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"kill " + i + "\"}}"));
        }

        Snapshot atKill = awaitSomeFinishedAndSomeJustStarted(accepted);
        Map<String, Instant> finishedBeforeKill = atKill.finished();
        List<String> runningAtKill = atKill.justStarted();
        Instant killedAt = Instant.now();
        services.inference().kill();
        services.inference().restart();
        services.inference().awaitReady();

        List<String> finals = new ArrayList<>();
        for (String id : accepted) {
            finals.add(JobsOverHttp.field(jobs.awaitFinal(id, Duration.ofSeconds(90)), "status"));
        }
        assertEquals(JOBS, finals.stream().filter("succeeded"::equals).count(),
                "accepted " + JOBS + ", final states: " + finals);

        assertEquals(finishedBeforeKill, finishedAt(List.copyOf(finishedBeforeKill.keySet())),
                "a job that had finished before the kill ran again");
        Map<String, Instant> rerun = startedAt(runningAtKill);
        assertTrue(rerun.values().stream().allMatch(started -> started.isAfter(killedAt)),
                "the jobs running at the kill were started again by the restarted worker: " + rerun);
    }

    /** Finished executions (with their end) and ones started less than a second ago (2 s or more to run). */
    private record Snapshot(Map<String, Instant> finished, List<String> justStarted) {
    }

    /**
     * Reads the worker's executions until some have finished and some have just started, which is the moment to
     * kill it: the fresh ones cannot finish before the kill lands. The API's view would lag behind the worker's.
     */
    private static Snapshot awaitSomeFinishedAndSomeJustStarted(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        try (Connection connection = connect();
             var statement = connection.prepareStatement("SELECT job_id, finished_at, "
                     + "started_at > now() - interval '1 second' AS fresh FROM inference.executions "
                     + "WHERE job_id = ANY (?)")) {
            statement.setArray(1, connection.createArrayOf("uuid", ids.stream().map(UUID::fromString).toArray()));
            while (System.nanoTime() < deadline) {
                Map<String, Instant> finished = new HashMap<>();
                List<String> justStarted = new ArrayList<>();
                try (var rows = statement.executeQuery()) {
                    while (rows.next()) {
                        Timestamp finishedAt = rows.getTimestamp("finished_at");
                        if (finishedAt != null) {
                            finished.put(rows.getString("job_id"), finishedAt.toInstant());
                        } else if (rows.getBoolean("fresh")) {
                            justStarted.add(rows.getString("job_id"));
                        }
                    }
                }
                if (!finished.isEmpty() && !justStarted.isEmpty()) {
                    return new Snapshot(finished, justStarted);
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("no moment with a finished and a just started job at once");
    }

    private static Map<String, Instant> finishedAt(List<String> ids) throws Exception {
        return timestamps("finished_at", ids);
    }

    private static Map<String, Instant> startedAt(List<String> ids) throws Exception {
        return timestamps("started_at", ids);
    }

    private static Connection connect() throws Exception {
        var infrastructure = Infrastructure.shared();
        return DriverManager.getConnection(infrastructure.postgresJdbcUrl(), infrastructure.databaseUser(),
                infrastructure.databasePassword());
    }

    /** The column of each job's execution rows (one per attempt), read straight from PostgreSQL. */
    private static Map<String, Instant> timestamps(String column, List<String> ids) throws Exception {
        Map<String, Instant> values = new HashMap<>();
        try (Connection connection = connect();
             var statement = connection.prepareStatement(
                     "SELECT attempt, " + column + " FROM inference.executions WHERE job_id = ?")) {
            for (String id : ids) {
                statement.setObject(1, UUID.fromString(id));
                try (var rows = statement.executeQuery()) {
                    int count = 0;
                    while (rows.next()) {
                        count++;
                        Timestamp value = rows.getTimestamp(column);
                        values.put(id, value == null ? null : value.toInstant());
                    }
                    assertEquals(1, count, "execution rows of job " + id);
                }
            }
        }
        return values;
    }
}
