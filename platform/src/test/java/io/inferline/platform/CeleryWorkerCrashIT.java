package io.inferline.platform;

import io.inferline.testkit.CeleryClient;
import io.inferline.testkit.Infrastructure;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * At-least-once with no duplicates, through a real process failure: 1,000 Celery tasks (half over RabbitMQ, half
 * over Redis) go to a Celery worker that is killed with SIGKILL in the middle and started again. Every task gets
 * its result, from exactly one job. The services are processes of their own, started from their jars.
 */
class CeleryWorkerCrashIT {

    private static final String API_KEY = "il_celery_crash_" + System.nanoTime();
    private static final int TASKS_PER_BROKER = 500;
    private static final Duration WAIT = Duration.ofSeconds(180);
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static JobPathServices services;
    private static ServiceProcess worker;
    private static String amqpBroker;
    private static String redisBroker;
    private static final String QUEUE = "crash-" + UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void startServices() throws Exception {
        var infrastructure = Infrastructure.shared();
        amqpBroker = infrastructure.rabbitMq().amqpUri() + "//";
        redisBroker = infrastructure.redisUri() + "/2";
        // all four start at once; a fast simulator: the 1,000 jobs take seconds, the worker's restart is the point
        // 1,000 tasks in well under a minute, and the test's own listing: far above the default tenant limits
        var api = ServiceProcess.start("api", Map.of(
                "INFERLINE_RATE_LIMITS_REQUESTS_PER_MINUTE", "100000",
                "INFERLINE_RATE_LIMITS_CONCURRENT_JOBS", "100000"));
        services = new JobPathServices(ServiceProcess.start("auth", Map.of("INFERLINE_BOOTSTRAP_API_KEY", API_KEY)),
                ServiceProcess.start("inference", Map.of("INFERLINE_SIMULATOR_LATENCY", "0ms")), api);
        worker = ServiceProcess.start("celery-compat-worker", Map.of(
                "INFERLINE_CELERY_API_URL", api.uri("").toString(),
                "INFERLINE_CELERY_API_KEY", API_KEY,
                "INFERLINE_CELERY_BROKER_URL", amqpBroker + "," + redisBroker,
                "INFERLINE_CELERY_RESULT_BACKEND", redisBroker,
                "INFERLINE_CELERY_QUEUES", QUEUE,
                // a dead worker's Redis messages go back to their queue after this long
                "INFERLINE_CELERY_VISIBILITY_TIMEOUT", "3s"));
        for (ServiceProcess service : List.of(services.auth(), services.inference(), api, worker)) {
            service.awaitReady();
        }
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (worker != null) {
            worker.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyTaskGetsOneResultFromOneJobAlthoughTheWorkerWasKilledInTheMiddle() throws Exception {
        String batch = "crash-" + UUID.randomUUID();
        try (var overAmqp = CeleryClient.start(spec(amqpBroker, batch, "amqp"));
             var overRedis = CeleryClient.start(spec(redisBroker, batch, "redis"))) {
            long started = System.nanoTime();
            overAmqp.awaitSent(WAIT);
            overRedis.awaitSent(WAIT);
            log(started, "sent " + 2 * TASKS_PER_BROKER + " tasks");
            long written = awaitResultsWritten(TASKS_PER_BROKER / 2);
            log(started, written + " results written; killing the worker");

            worker.kill();
            worker.restart();
            worker.awaitReady();
            log(started, "worker ready again");

            List<Map<String, Object>> results = new ArrayList<>(read(overAmqp.awaitResults(WAIT)));
            results.addAll(read(overRedis.awaitResults(WAIT)));
            log(started, "all results in");
            assertTrue(written < 2L * TASKS_PER_BROKER, "killed in the middle, after " + written + " results");
            assertEquals(2 * TASKS_PER_BROKER, results.size());
            List<Map<String, Object>> failed = results.stream().filter(r -> !Boolean.TRUE.equals(r.get("ok"))).toList();
            assertEquals(List.of(), failed.subList(0, Math.min(5, failed.size())), failed.size() + " tasks failed");
        }

        Map<String, Integer> jobsPerTask = jobsPerTask(batch);
        assertEquals(2 * TASKS_PER_BROKER, jobsPerTask.size(), "every task became a job");
        assertEquals(Map.of(), filterDuplicates(jobsPerTask), "no task became two jobs");
    }

    private static void log(long started, String what) {
        System.out.printf("CeleryWorkerCrashIT +%d ms: %s%n", (System.nanoTime() - started) / 1_000_000, what);
    }

    private static String spec(String broker, String batch, String prefix) throws Exception {
        List<Map<String, Object>> tasks = new ArrayList<>();
        for (int i = 0; i < TASKS_PER_BROKER; i++) {
            Map<String, Object> task = new LinkedHashMap<>();
            task.put("task_id", batch + "-" + prefix + "-" + i);
            task.put("name", "inferline.infer");
            task.put("args", List.of("sim-chat", Map.of("prompt", "task " + i + " of " + prefix, "max_tokens", 2)));
            task.put("kwargs", Map.of("metadata", Map.of("batch", batch)));
            task.put("queue", QUEUE);
            tasks.add(task);
        }
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("broker", broker);
        spec.put("backend", redisBroker);
        spec.put("timeout", WAIT.toSeconds());
        spec.put("tasks", tasks);
        return JSON.writeValueAsString(spec);
    }

    /** Waits until the worker wrote at least {@code count} results; returns how many it wrote. */
    private static long awaitResultsWritten(long count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            long written = worker.send(HttpRequest.newBuilder(worker.uri("/prometheus")).GET()).body().lines()
                    .filter(line -> line.startsWith("inferline_celery_results_written_total"))
                    .mapToLong(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            if (written >= count) {
                return written;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("the worker did not write " + count + " results in " + WAIT);
    }

    /** How many jobs the API has for each task of the batch, read page by page from the job list. */
    private static Map<String, Integer> jobsPerTask(String batch) throws Exception {
        Map<String, Integer> jobs = new LinkedHashMap<>();
        String cursor = null;
        do {
            String query = "/v1/jobs?limit=100&metadata.batch=" + batch + (cursor == null ? "" : "&cursor=" + cursor);
            var response = services.api().send(HttpRequest.newBuilder(services.api().uri(query))
                    .header("Authorization", "Bearer " + API_KEY).GET());
            assertEquals(200, response.statusCode(), response.body());
            Map<String, Object> page = JSON.readValue(response.body(), Argument.mapOf(String.class, Object.class));
            for (Object job : (List<?>) page.get("data")) {
                String taskId = (String) ((Map<?, ?>) ((Map<?, ?>) job).get("metadata")).get("celery_task_id");
                jobs.merge(taskId, 1, Integer::sum);
            }
            cursor = (String) page.get("next_cursor");
        } while (cursor != null);
        return jobs;
    }

    private static Map<String, Integer> filterDuplicates(Map<String, Integer> jobsPerTask) {
        Map<String, Integer> duplicates = new LinkedHashMap<>();
        jobsPerTask.forEach((task, jobs) -> {
            if (jobs > 1) {
                duplicates.put(task, jobs);
            }
        });
        return duplicates;
    }

    private static List<Map<String, Object>> read(List<String> lines) throws Exception {
        List<Map<String, Object>> results = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (String line : lines) {
            Map<String, Object> result = JSON.readValue(line, Argument.mapOf(String.class, Object.class));
            assertTrue(ids.add((String) result.get("id")), "one result line per task");
            results.add(result);
        }
        return results;
    }
}
