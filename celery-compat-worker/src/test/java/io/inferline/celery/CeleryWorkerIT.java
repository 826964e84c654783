package io.inferline.celery;

import com.rabbitmq.client.ConnectionFactory;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.testkit.CeleryClient;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.inferline.testkit.RabbitMq;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The worker alone, driven by the real Python Celery client over real RabbitMQ and Redis, with job events on real
 * Kafka and its tasks in PostgreSQL through PgBouncer. The Inferline API is a stand-in ({@link StandInJobApi}) so
 * the tests can see every request and make the API unavailable; the end-to-end tests with the real API and
 * workers are in {@code platform} (CeleryCompatIT, CeleryWorkerCrashIT).
 */
class CeleryWorkerIT {

    private static final String API_KEY = "il_celery_worker_it";
    private static final String TENANT = "tenant-celery-it";
    private static final Duration WAIT = Duration.ofSeconds(30);

    private static final Infrastructure infrastructure = Infrastructure.shared();
    private static final String QUEUE = "worker-it-" + UUID.randomUUID().toString().substring(0, 8);
    private static RabbitMq rabbitMq;
    private static String redisBroker;
    private static ApplicationContext worker;
    private static JsonMapper json;
    private static RedisClient redisClient;
    private static StatefulRedisConnection<String, String> redis;

    @BeforeAll
    static void startWorker() throws Exception {
        rabbitMq = infrastructure.rabbitMq();
        redisBroker = infrastructure.redisUri() + "/3";
        worker = startWorker(QUEUE);
        json = worker.getBean(JsonMapper.class);
        redisClient = RedisClient.create(redisBroker);
        redis = redisClient.connect();
    }

    @AfterAll
    static void stop() {
        if (redis != null) {
            redis.close();
            redisClient.shutdown();
        }
        if (worker != null) {
            worker.close();
        }
    }

    static ApplicationContext startWorker(String queue) throws Exception {
        int port = freePort();
        Map<String, Object> properties = infrastructure.micronautProperties("celery");
        properties.put("spec.name", "CeleryWorkerIT");
        properties.put("micronaut.server.port", port);
        properties.put("inferline.celery.api-url", "http://127.0.0.1:" + port);
        properties.put("inferline.celery.api-key", API_KEY);
        properties.put("inferline.celery.brokers", List.of(redisBroker, rabbitMq.amqpUri()));
        properties.put("inferline.celery.result-backend", redisBroker);
        properties.put("inferline.celery.queues", List.of(queue));
        properties.put("inferline.celery.visibility-timeout", "2s");
        properties.put("inferline.celery.submit-hold", "30s");
        properties.put("inferline.celery.tasks[0].name", "tasks.infer");
        properties.put("inferline.celery.tasks[0].parameters", List.of("model", "n"));
        properties.put("inferline.celery.tasks[0].input-arguments", List.of("prompt", "max_tokens", "temperature"));
        properties.put("inferline.celery.tasks[0].result-field", "text");
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    @Test
    void aTaskSentOverRedisBecomesOneJobAndTheJobsOutputIsItsResult() throws Exception {
        String taskId = "redis-" + UUID.randomUUID();
        try (var client = celery(redisBroker, 2, task(taskId, "inferline.infer",
                List.of("sim-chat", Map.of("prompt", "Hello", "max_tokens", 2)),
                Map.of("metadata", Map.of("team", "a"))))) {
            var request = StandInJobApi.awaitRequests(taskId, 1, WAIT.toMillis()).get(0);
            assertEquals("Bearer " + API_KEY, request.authorization());
            assertEquals(Map.of("model", "sim-chat", "input", Map.of("prompt", "Hello", "max_tokens", 2),
                    "priority", "normal", "metadata", Map.of("team", "a", "celery_task_id", taskId,
                            "celery_task", "inferline.infer")), read(request.body()));

            Map<String, Object> output = new LinkedHashMap<>();
            output.put("text", "Hello Hello");
            output.put("simulated", true);
            publish(JobStatus.SUCCEEDED, StandInJobApi.awaitJob(taskId, WAIT.toMillis()), output, null);

            Map<String, Object> result = only(client.awaitResults(WAIT));
            assertEquals(true, result.get("ok"), result.toString());
            assertEquals(Map.of("text", "Hello Hello", "simulated", true), result.get("result"));
            assertEquals("SUCCESS", result.get("state"));
        }
        assertEquals(1, StandInJobApi.requests(taskId).size());
        String stored = redis.sync().get("celery-task-meta-" + taskId);
        assertTrue(stored.startsWith("{\"status\": \"SUCCESS\", \"result\": {\"text\": \"Hello Hello\", \"simulated\": "
                + "true}, \"traceback\": null, \"children\": [], \"date_done\": \"20"), stored);
        assertTrue(stored.endsWith("\", \"task_id\": \"" + taskId + "\"}"), stored);
        long ttl = redis.sync().ttl("celery-task-meta-" + taskId);
        assertTrue(ttl > 86_000 && ttl <= 86_400, "ttl " + ttl);
    }

    @Test
    void aProtocol1TaskOverRabbitMqMapsByConfigurationAndAFailedJobRaisesInPython() throws Exception {
        String ok = "amqp-ok-" + UUID.randomUUID();
        String failing = "amqp-fail-" + UUID.randomUUID();
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("prompt", "hello");
        kwargs.put("max_tokens", 16);
        kwargs.put("temperature", 0.5);
        try (var client = celery(rabbitMq.amqpUri(), 1, task(ok, "tasks.infer", List.of("model-a", 3), kwargs),
                task(failing, "tasks.infer", List.of("model-a", 4), Map.of("prompt", "boom")))) {
            var request = StandInJobApi.awaitRequests(ok, 1, WAIT.toMillis()).get(0);
            assertEquals(Map.of("model", "model-a", "input", kwargs, "priority", "normal",
                    "metadata", Map.of("celery_task_id", ok, "celery_task", "tasks.infer")), read(request.body()));
            StandInJobApi.awaitRequests(failing, 1, WAIT.toMillis());

            publish(JobStatus.SUCCEEDED, StandInJobApi.awaitJob(ok, WAIT.toMillis()), Map.of("text", "olleh"), null);
            publish(JobStatus.FAILED, StandInJobApi.awaitJob(failing, WAIT.toMillis()), null,
                    new JobError("simulated_backend_error", "the simulator failed"));

            List<Map<String, Object>> results = all(client.awaitResults(WAIT));
            assertEquals("olleh", results.get(0).get("result"), "result-field: text");
            Map<String, Object> failure = results.get(1);
            assertEquals(false, failure.get("ok"));
            assertEquals("FAILURE", failure.get("state"));
            assertEquals("JobFailed", failure.get("exc_type"));
            assertEquals(List.of("simulated_backend_error: the simulator failed (Inferline job "
                    + StandInJobApi.awaitJob(failing, WAIT.toMillis()) + ")"), failure.get("args"));
        }
    }

    @Test
    void unknownTasksAndBadCallsFailAsCeleryWouldReportThem() throws Exception {
        String unknown = "unknown-" + UUID.randomUUID();
        String badCall = "bad-call-" + UUID.randomUUID();
        try (var client = celery(redisBroker, 2, task(unknown, "tasks.nope", List.of(1), Map.of()),
                task(badCall, "inferline.infer", List.of("sim-chat"), Map.of()))) {
            List<Map<String, Object>> results = all(client.awaitResults(WAIT));

            assertEquals("celery.exceptions", results.get(0).get("exc_module"));
            assertEquals("NotRegistered", results.get(0).get("exc_type"));
            assertEquals(List.of("tasks.nope"), results.get(0).get("args"));
            assertEquals("builtins", results.get(1).get("exc_module"));
            assertEquals("TypeError", results.get(1).get("exc_type"));
            assertEquals(List.of("infer() missing 1 required argument: 'input'"), results.get(1).get("args"));
        }
        assertEquals(List.of(), StandInJobApi.requests(unknown));
        assertEquals(List.of(), StandInJobApi.requests(badCall));
    }

    @Test
    void aCountdownDelaysTheJobAndATaskThatExpiresBeforeItsEtaIsRevokedAsExpired() throws Exception {
        String delayed = "countdown-" + UUID.randomUUID();
        String expiring = "expires-" + UUID.randomUUID();
        Instant sent = Instant.now();
        Map<String, Object> delayedTask = task(delayed, "inferline.infer", List.of("sim-chat", Map.of()), Map.of());
        delayedTask.put("countdown", 2);
        Map<String, Object> expiringTask = task(expiring, "inferline.infer", List.of("sim-chat", Map.of()), Map.of());
        expiringTask.put("countdown", 2);
        expiringTask.put("expires", 1);
        try (var client = celery(rabbitMq.amqpUri(), 2, delayedTask, expiringTask)) {
            var request = StandInJobApi.awaitRequests(delayed, 1, WAIT.toMillis()).get(0);
            assertTrue(Duration.between(sent, request.at()).toMillis() >= 1900, "submitted at " + request.at()
                    + ", sent at " + sent);
            publish(JobStatus.SUCCEEDED, StandInJobApi.awaitJob(delayed, WAIT.toMillis()), Map.of("text", "late"),
                    null);

            List<Map<String, Object>> results = all(client.awaitResults(WAIT));
            assertEquals(true, results.get(0).get("ok"), results.toString());
            assertEquals("REVOKED", results.get(1).get("state"));
            assertEquals("celery.exceptions", results.get(1).get("exc_module"));
            assertEquals("TaskRevokedError", results.get(1).get("exc_type"));
            assertEquals(List.of("expired"), results.get(1).get("args"));
        }
        assertEquals(List.of(), StandInJobApi.requests(expiring));
    }

    /**
     * While the API is unavailable the message stays unacknowledged; a worker that stops meanwhile hands it back to
     * RabbitMQ, and the next worker makes it the same one job.
     */
    @Test
    void aMessageIsAcknowledgedOnlyOnceTheApiAcceptedItsJob() throws Exception {
        String queue = "ack-it-" + UUID.randomUUID().toString().substring(0, 8);
        String taskId = "ack-" + UUID.randomUUID();
        Map<String, Object> spec = task(taskId, "inferline.infer", List.of("sim-chat", Map.of("prompt", "x")),
                Map.of());
        spec.put("queue", queue);
        StandInJobApi.down = true;
        ApplicationContext first = startWorker(queue);
        try (var client = celery(rabbitMq.amqpUri(), 2, spec)) {
            StandInJobApi.awaitRequests(taskId, 2, WAIT.toMillis());
            first.close();
            assertEquals(1, readyMessages(queue), "the unaccepted task is back in its queue");

            StandInJobApi.down = false;
            try (ApplicationContext second = startWorker(queue)) {
                int attempts = StandInJobApi.requests(taskId).size();
                StandInJobApi.awaitRequests(taskId, attempts + 1, WAIT.toMillis());
                publish(JobStatus.SUCCEEDED, StandInJobApi.awaitJob(taskId, WAIT.toMillis()),
                        Map.of("text", "at last"), null);
                assertEquals(Map.of("text", "at last"), only(client.awaitResults(WAIT)).get("result"));
                assertEquals(0, readyMessages(queue));
            }
        } finally {
            StandInJobApi.down = false;
            first.close();
        }
        assertEquals(1, StandInJobApi.JOBS.keySet().stream().filter(taskId::equals).count());
    }

    /** A message a dead worker had taken (its record older than the visibility timeout) is delivered again. */
    @Test
    void aRedisMessageADeadWorkerHeldIsDeliveredAgainAndADuplicateIsTheSameJob() throws Exception {
        String taskId = "abandoned-" + UUID.randomUUID();
        String envelope = kombuEnvelope(taskId);
        String tag = UUID.randomUUID().toString();
        redis.sync().hset("inferline-celery:unacked", tag, json.writeValueAsString(List.of(QUEUE, envelope)));
        redis.sync().zadd("inferline-celery:unacked_index", 1_000, tag);
        redis.sync().lpush(QUEUE, envelope); // and the same message once more, as a redelivery would bring it

        StandInJobApi.awaitRequests(taskId, 1, WAIT.toMillis());
        publish(JobStatus.SUCCEEDED, StandInJobApi.awaitJob(taskId, WAIT.toMillis()), Map.of("text", "found"), null);
        String key = "celery-task-meta-" + taskId;
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (redis.sync().get(key) == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertTrue(redis.sync().get(key).contains("\"status\": \"SUCCESS\""));
        Thread.sleep(500);
        assertEquals(0, redis.sync().llen(QUEUE));
        assertEquals(0, redis.sync().zcard("inferline-celery:unacked_index"));
        assertEquals(1, StandInJobApi.JOBS.keySet().stream().filter(taskId::equals).count());
    }

    @Test
    void theEventOfAJobThatIsNoTaskIsPassedOverWithoutALookup() throws Exception {
        String taskId = "beside-" + UUID.randomUUID();
        redis.sync().lpush(QUEUE, kombuEnvelope(taskId));
        UUID taskJob = StandInJobApi.awaitJob(taskId, WAIT.toMillis());
        UUID other = UUID.randomUUID();

        // Same tenant as the tasks, with the key of the task's job: one partition, so the listener reads the other
        // job's event first, and the task's result shows that it got past it.
        publish(taskJob.toString(), new JobEvent(other, TENANT, JobStatus.SUCCEEDED, 1, Map.of("text", "not mine"),
                null, null, Instant.now(), Map.of("order", "7")));
        publish(JobStatus.SUCCEEDED, taskJob, Map.of("text", "mine"), null);

        String result = awaitValue("celery-task-meta-" + taskId);
        assertTrue(result != null && result.contains("\"status\": \"SUCCESS\""), String.valueOf(result));
        assertNull(redis.sync().get("inferline-celery:parked-event:" + other),
                "the other job's event was parked, so it was taken for a task's and looked up");
    }

    @Test
    void aTaskWhoseEventArrivesBeforeTheWorkerRecordedItsJobIsStillAnswered() throws Exception {
        String taskId = "early-" + UUID.randomUUID();
        StandInJobApi.beforeAnswer = (key, jobId, body) -> {
            if (key.equals(taskId)) {
                publish(jobId.toString(), event(jobId, JobStatus.SUCCEEDED, Map.of("text", "early"), null, body));
                assertNotNull(awaitValue("inferline-celery:parked-event:" + jobId),
                        "the event of a job not yet recorded was not parked");
            }
        };
        try {
            redis.sync().lpush(QUEUE, kombuEnvelope(taskId));
            String result = awaitValue("celery-task-meta-" + taskId);
            assertTrue(result != null && result.contains("\"status\": \"SUCCESS\"")
                    && result.contains("\"early\""), String.valueOf(result));
        } finally {
            StandInJobApi.beforeAnswer = null;
        }
        assertNull(redis.sync().get("inferline-celery:parked-event:" + StandInJobApi.JOBS.get(taskId)),
                "the submission took the parked event");
    }

    private static String kombuEnvelope(String taskId) throws Exception {
        String body = "[[\"sim-chat\", {\"prompt\": \"again\"}], {}, {\"callbacks\": null, \"errbacks\": null, "
                + "\"chain\": null, \"chord\": null}]";
        Map<String, Object> headers = new LinkedHashMap<>();
        headers.put("lang", "py");
        headers.put("task", "inferline.infer");
        headers.put("id", taskId);
        headers.put("retries", 0);
        Map<String, Object> properties = new LinkedHashMap<>();
        properties.put("correlation_id", taskId);
        properties.put("delivery_info", Map.of("exchange", "", "routing_key", QUEUE));
        properties.put("priority", 0);
        properties.put("body_encoding", "base64");
        properties.put("delivery_tag", UUID.randomUUID().toString());
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("body", java.util.Base64.getEncoder().encodeToString(body.getBytes()));
        envelope.put("content-encoding", "utf-8");
        envelope.put("content-type", "application/json");
        envelope.put("headers", headers);
        envelope.put("properties", properties);
        return json.writeValueAsString(envelope);
    }

    private static int readyMessages(String queue) throws Exception {
        var factory = new ConnectionFactory();
        factory.setUri(rabbitMq.amqpUri());
        try (var connection = factory.newConnection(); var channel = connection.createChannel()) {
            return channel.queueDeclarePassive(queue).getMessageCount();
        }
    }

    private static Map<String, Object> task(String id, String name, List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> task = new LinkedHashMap<>();
        task.put("task_id", id);
        task.put("name", name);
        task.put("args", args);
        task.put("kwargs", kwargs);
        task.putIfAbsent("queue", QUEUE);
        return task;
    }

    @SafeVarargs
    private static CeleryClient celery(String broker, int protocol, Map<String, Object>... tasks) throws Exception {
        Map<String, Object> spec = new LinkedHashMap<>();
        spec.put("broker", broker);
        spec.put("backend", redisBroker);
        spec.put("protocol", protocol);
        spec.put("timeout", WAIT.toSeconds());
        spec.put("tasks", List.of(tasks));
        CeleryClient client = CeleryClient.start(json.writeValueAsString(spec));
        client.awaitSent(WAIT);
        return client;
    }

    /** The job's event as the inference worker sends it, with the metadata the worker asked the job to carry. */
    private static void publish(JobStatus status, UUID jobId, Map<String, Object> output, JobError error)
            throws Exception {
        String key = StandInJobApi.JOBS.entrySet().stream().filter(job -> job.getValue().equals(jobId))
                .map(Map.Entry::getKey).findFirst().orElseThrow();
        List<StandInJobApi.Request> requests = StandInJobApi.requests(key);
        publish(jobId.toString(), event(jobId, status, output, error, requests.get(requests.size() - 1).body()));
    }

    @SuppressWarnings("unchecked")
    private static JobEvent event(UUID jobId, JobStatus status, Map<String, Object> output, JobError error,
                                  String jobRequest) throws Exception {
        var metadata = (Map<String, String>) read(jobRequest).get("metadata");
        return new JobEvent(jobId, TENANT, status, 1, output, null, error, Instant.now(), metadata);
    }

    private static void publish(String key, JobEvent event) throws Exception {
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, key,
                json.writeValueAsString(event));
    }

    private static String awaitValue(String key) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String value;
        while ((value = redis.sync().get(key)) == null && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        return value;
    }

    private static Map<String, Object> read(String text) throws Exception {
        return json.readValue(text, Argument.mapOf(String.class, Object.class));
    }

    private static Map<String, Object> only(List<String> lines) throws Exception {
        assertEquals(1, lines.size(), lines.toString());
        return read(lines.get(0));
    }

    private static List<Map<String, Object>> all(List<String> lines) throws Exception {
        var results = new java.util.ArrayList<Map<String, Object>>();
        for (String line : lines) {
            results.add(read(line));
        }
        return results;
    }

    private static int freePort() throws Exception {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
