package io.inferline.platform;

import io.inferline.testkit.CeleryClient;
import io.inferline.testkit.Infrastructure;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Celery producers on Inferline, end to end in the all-in-one process as {@code ./inferline up} wires it (the
 * Celery worker on database 1 of the embedded Redis, plus RabbitMQ): the real Python Celery client sends tasks,
 * they become jobs that the API accepts and the inference worker runs on the simulator, and
 * {@code AsyncResult.get()} returns their output, or raises what Celery raises.
 */
class CeleryCompatIT {

    private static final String API_KEY = "il_dev_celery_compat_test_key";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static ApplicationContext context;
    private static HttpClient http;
    private static JsonMapper json;
    private static String amqpBroker;
    private static String redisBroker;

    @BeforeAll
    static void startPlatform() throws Exception {
        var infrastructure = Infrastructure.shared();
        amqpBroker = infrastructure.rabbitMq().amqpUri() + "//";
        redisBroker = PlatformProperties.celeryRedisUrl(infrastructure);
        Map<String, Object> properties = PlatformProperties.of(infrastructure, JobLifecycleIT.freePort(), API_KEY);
        PlatformProperties.addCeleryBroker(properties, amqpBroker);
        properties.put("inferline.simulator.latency", "5ms");
        // a model the API accepts whose backend no worker has: its jobs fail, every time
        properties.put("inferline.models.sim-broken.pool", "sim");
        properties.put("inferline.models.sim-broken.backend", "no-such-backend");
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        http = HttpClient.create(context.getBean(EmbeddedServer.class).getURL());
        json = context.getBean(JsonMapper.class);
    }

    @AfterAll
    static void stopPlatform() {
        if (http != null) {
            http.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void sendTaskOverRabbitMqGetsTheJobsOutput() throws Exception {
        String id = "compat-amqp-" + UUID.randomUUID();
        Map<String, Object> result = only(send(amqpBroker, 2,
                task(id, "inferline.infer", "sim-chat", Map.of("prompt", "Hello from Celery", "max_tokens", 3))));

        assertEquals(true, result.get("ok"), result.toString());
        assertEquals("SUCCESS", result.get("state"));
        Map<?, ?> output = (Map<?, ?>) result.get("result");
        assertEquals(3, ((String) output.get("text")).split(" ").length, output.toString());
        assertEquals(true, output.get("simulated"));

        Map<?, ?> job = jobOfTask(id);
        assertEquals("succeeded", job.get("status"));
        assertEquals(output, job.get("output"), "the result is the job's output");
        assertEquals("inferline.infer", ((Map<?, ?>) job.get("metadata")).get("celery_task"));
    }

    @Test
    void sendTaskOverRedisGetsTheJobsOutput() throws Exception {
        String id = "compat-redis-" + UUID.randomUUID();
        Map<String, Object> result = only(send(redisBroker, 2,
                task(id, "inferline.infer", "sim-chat", Map.of("prompt", "Hello over Redis", "max_tokens", 2))));

        assertEquals(true, result.get("ok"), result.toString());
        assertEquals(jobOfTask(id).get("output"), result.get("result"));
    }

    @Test
    void aFailingJobAndARejectedOneRaiseInPython() throws Exception {
        String failing = "compat-failing-" + UUID.randomUUID();
        String rejected = "compat-rejected-" + UUID.randomUUID();
        List<Map<String, Object>> results = send(amqpBroker, 2,
                task(failing, "inferline.infer", "sim-broken", Map.of("prompt", "x")),
                task(rejected, "inferline.infer", "no-such-model", Map.of("prompt", "x")));

        Map<String, Object> failure = results.get(0);
        assertEquals("FAILURE", failure.get("state"), failure.toString());
        assertEquals("JobFailed", failure.get("exc_type"));
        String message = (String) ((List<?>) failure.get("args")).get(0);
        assertTrue(message.startsWith("unknown_backend: this worker has no backend 'no-such-backend' (Inferline job "),
                message);
        assertEquals("failed", jobOfTask(failing).get("status"));

        Map<String, Object> refusal = results.get(1);
        assertEquals("FAILURE", refusal.get("state"), refusal.toString());
        assertEquals("JobRejected", refusal.get("exc_type"));
        assertTrue(((String) ((List<?>) refusal.get("args")).get(0)).startsWith("422: "), refusal.toString());
    }

    @Test
    void anExpiredTaskAndAnUnknownOneAreReportedAsCeleryReportsThem() throws Exception {
        String expired = "compat-expired-" + UUID.randomUUID();
        String unknown = "compat-unknown-" + UUID.randomUUID();
        Map<String, Object> expiring = task(expired, "inferline.infer", "sim-chat", Map.of("prompt", "too late"));
        expiring.put("countdown", 2);
        expiring.put("expires", 1);
        Map<String, Object> unregistered = task(unknown, "tasks.not_here", "sim-chat", Map.of());
        List<Map<String, Object>> results = send(redisBroker, 2, expiring, unregistered);

        assertEquals("REVOKED", results.get(0).get("state"), results.get(0).toString());
        assertEquals("celery.exceptions", results.get(0).get("exc_module"));
        assertEquals("TaskRevokedError", results.get(0).get("exc_type"));
        assertEquals(List.of("expired"), results.get(0).get("args"));
        assertEquals("FAILURE", results.get(1).get("state"));
        assertEquals("celery.exceptions", results.get(1).get("exc_module"));
        assertEquals("NotRegistered", results.get(1).get("exc_type"));
        assertEquals(List.of("tasks.not_here"), results.get(1).get("args"));
        assertEquals(List.of(), jobsOfTask(expired), "an expired task never becomes a job");
    }

    @Test
    void aProtocol1TaskKeepsItsPriority() throws Exception {
        String id = "compat-priority-" + UUID.randomUUID();
        Map<String, Object> urgent = task(id, "inferline.infer", "sim-chat", Map.of("prompt", "now", "max_tokens", 1));
        urgent.put("priority", 9);
        Map<String, Object> result = only(send(amqpBroker, 1, urgent));

        assertEquals(true, result.get("ok"), result.toString());
        assertEquals("high", jobOfTask(id).get("priority"));
    }

    @Test
    void theWorkerCountsWhatItDid() throws Exception {
        only(send(redisBroker, 2, task("compat-metrics-" + UUID.randomUUID(), "inferline.infer", "sim-chat",
                Map.of("prompt", "count me", "max_tokens", 1))));

        var names = List.of("inferline_celery_tasks_received_total{queue=\"celery\",transport=\"redis\"}",
                "inferline_celery_tasks_mapped_total{task=\"inferline.infer\"}",
                "inferline_celery_results_written_total{state=\"SUCCESS\"}");
        // the result reaches Redis, where the client sees it, just before the worker records and counts it
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        String metrics = http.toBlocking().retrieve("/prometheus");
        while (!names.stream().allMatch(metrics::contains) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = http.toBlocking().retrieve("/prometheus");
        }
        for (String name : names) {
            assertTrue(metrics.contains(name), name + " in\n" + metrics.lines()
                    .filter(line -> line.startsWith("inferline_celery")).toList());
        }
    }

    private static Map<String, Object> task(String id, String name, String model, Map<String, Object> input) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("task_id", id);
        task.put("name", name);
        task.put("args", List.of(model, input));
        return task;
    }

    @SafeVarargs
    private static List<Map<String, Object>> send(String broker, int protocol, Map<String, Object>... tasks)
            throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("broker", broker);
        spec.put("backend", redisBroker);
        spec.put("protocol", protocol);
        spec.put("timeout", WAIT.toSeconds());
        spec.put("tasks", List.of(tasks));
        try (var client = CeleryClient.start(json.writeValueAsString(spec))) {
            List<Map<String, Object>> results = new ArrayList<>();
            for (String line : client.awaitResults(WAIT.plusSeconds(10))) {
                results.add(json.readValue(line, Argument.mapOf(String.class, Object.class)));
            }
            return results;
        }
    }

    private static Map<String, Object> only(List<Map<String, Object>> results) {
        assertEquals(1, results.size(), results.toString());
        return results.get(0);
    }

    /** The task's jobs, as the job API lists them by the metadata the worker gives each job. */
    private static List<?> jobsOfTask(String taskId) {
        Map<?, ?> page = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs?metadata.celery_task_id=" + taskId)
                .bearerAuth(API_KEY), Map.class);
        return (List<?>) page.get("data");
    }

    /**
     * The task's one job, once final: the API follows the job events in a consumer group of its own, so it may
     * learn of the end a moment after the Celery result was written.
     */
    private static Map<?, ?> jobOfTask(String taskId) {
        List<?> jobs = jobsOfTask(taskId);
        assertEquals(1, jobs.size(), "one job per task: " + jobs);
        return http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + ((Map<?, ?>) jobs.get(0)).get("id"))
                .bearerAuth(API_KEY).header("Prefer", "wait=10"), Map.class);
    }
}
