package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobSignals;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The job API alone, on a real broker, PostgreSQL through PgBouncer, and Redis; no worker runs here. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobApiIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY_A = "il_test_a_" + UUID.randomUUID();
    private static final String KEY_B = "il_test_b_" + UUID.randomUUID();
    private static final String VIEWER_KEY = "il_test_viewer_" + UUID.randomUUID();

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Inject
    EmbeddedServer server;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("api");
    }

    @BeforeEach
    void publishKeys() throws Exception {
        for (var key : Map.of(KEY_A, "tenant-a", KEY_B, "tenant-b").entrySet()) {
            var grant = new ApiKeyGrant("key-" + key.getValue(), key.getValue(), Set.of("jobs:write", "jobs:read"));
            redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key.getKey())), json.writeValueAsString(grant));
        }
        var viewer = new ApiKeyGrant("key-viewer", "tenant-a", Set.of("jobs:read"));
        redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(VIEWER_KEY)), json.writeValueAsString(viewer));
    }

    @Test
    void aKeyWithoutTheWriteScopeCanReadButNotSubmitOrCancel() {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");

        assertEquals("queued", get(VIEWER_KEY, id).get("status"));
        var refused = problem(submit(VIEWER_KEY, "{\"model\":\"sim-chat\",\"input\":{}}"), HttpStatus.FORBIDDEN);
        assertEquals("https://inferline.dev/problems/insufficient-scope", refused.get("type"));
        problem(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "").bearerAuth(VIEWER_KEY), HttpStatus.FORBIDDEN);
        problem(HttpRequest.GET("/v1/webhooks/secret").bearerAuth(KEY_A), HttpStatus.FORBIDDEN);
    }

    @Test
    void acceptedJobIsStoredAndQueuedOnItsPoolTopicInTheLaneOfItsPriority() throws Exception {
        HttpResponse<Map> accepted = http.toBlocking().exchange(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"priority\":\"high\",\"input\":{\"prompt\":\"hello\"}}"), Map.class);

        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        Map<?, ?> job = accepted.body();
        assertEquals("queued", job.get("status"));
        String id = (String) job.get("id");
        assertEquals("/v1/jobs/" + id, accepted.getHeaders().get("Location"));

        try (var reader = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.jobRequests("sim", Priority.HIGH))) {
            var record = reader.await(r -> id.equals(r.key()), WAIT);
            var request = json.readValue(record.value(), JobRequested.class);
            assertEquals("tenant-a", request.tenantId());
            assertEquals("simulator", request.backend());
            assertEquals(Priority.HIGH, request.priority());
            assertEquals(Map.of("prompt", "hello"), request.input());
        }
        Map<?, ?> polled = get(KEY_A, id);
        assertEquals("queued", polled.get("status"));
        assertEquals("sim-chat", polled.get("model"));
    }

    @Test
    void workerEventsMoveTheJobForwardOnlyOnce() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"hi\"}}"), Map.class).get("id");
        var request = request(UUID.fromString(id));
        var bootstrap = infrastructure.kafkaBootstrapServers();

        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id, json.writeValueAsString(JobEvent.running(request, Instant.now())));
        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.succeeded(request, Map.of("text", "hello there"), new Usage(2, 3),
                        Instant.now())));
        // a redelivered, late "running" must not move a finished job back
        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id, json.writeValueAsString(JobEvent.running(request, Instant.now())));

        Map<?, ?> job = awaitStatus(KEY_A, id, JobStatus.SUCCEEDED);
        assertEquals(Map.of("text", "hello there"), job.get("output"));
        assertEquals(Map.of("prompt_tokens", 2, "completion_tokens", 3), job.get("usage"));
        assertNotNull(job.get("started_at"));
        assertNotNull(job.get("finished_at"));
        Thread.sleep(500);
        assertEquals("succeeded", get(KEY_A, id).get("status"));
    }

    @Test
    void theEventsOfManyJobsApplyTogetherAndThePollIsCommittedOnceApplied() throws Exception {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            ids.add((String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"),
                    Map.class).get("id"));
        }
        try (var producer = new KafkaProducer<>(Map.<String, Object>of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, infrastructure.kafkaBootstrapServers(),
                ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 50),
                new StringSerializer(), new StringSerializer())) {
            List<Future<?>> sent = new ArrayList<>();
            for (String id : ids) {
                var request = request(UUID.fromString(id));
                for (var event : List.of(JobEvent.running(request, Instant.now()),
                        JobEvent.succeeded(request, Map.of("n", id), new Usage(1, 1), Instant.now()))) {
                    sent.add(producer.send(new ProducerRecord<>(Topics.JOB_EVENTS, id, json.writeValueAsString(event))));
                }
            }
            for (var send : sent) {
                send.get();
            }
        }

        for (String id : ids) {
            assertEquals(Map.of("n", id), awaitStatus(KEY_A, id, JobStatus.SUCCEEDED).get("output"));
        }
        try (var admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()))) {
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (lag(admin) > 0 && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertEquals(0, lag(admin), "the listener's group committed past every event it applied");
        }
    }

    /** Events on the job-event topic past the api listener group's committed offsets. */
    private static long lag(Admin admin) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets("inferline-api-job-events")
                .partitionsToOffsetAndMetadata().get();
        var partitions = admin.describeTopics(List.of(Topics.JOB_EVENTS)).allTopicNames().get().get(Topics.JOB_EVENTS)
                .partitions().stream().map(p -> new TopicPartition(Topics.JOB_EVENTS, p.partition())).toList();
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(partition -> latest.put(partition, OffsetSpec.latest()));
        var ends = admin.listOffsets(latest).all().get();
        long lag = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            lag += ends.get(partition).offset() - (done == null ? 0 : done.offset());
        }
        return lag;
    }

    @Test
    void undecodableEventsGoToTheDeadLetterTopic() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, key, "{not json");

        try (var reader = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENT_DEAD_LETTERS)) {
            var parked = reader.await(r -> key.equals(r.key()), WAIT);
            assertEquals("{not json", parked.value());
            assertTrue(KafkaTopics.header(parked, "inferline.dlq.reason").contains("undecodable JobEvent"));
        }
    }

    @Test
    void anotherTenantsJobIsNotFound() {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");

        var problem = problem(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(KEY_B), HttpStatus.NOT_FOUND);
        assertEquals("https://inferline.dev/problems/not-found", problem.get("type"));
        problem(HttpRequest.GET("/v1/jobs/" + UUID.randomUUID()).bearerAuth(KEY_A), HttpStatus.NOT_FOUND);
        problem(HttpRequest.GET("/v1/jobs/not-a-uuid").bearerAuth(KEY_A), HttpStatus.NOT_FOUND);
    }

    @Test
    void requestsWithoutAValidKeyAreUnauthorized() {
        problem(HttpRequest.POST("/v1/jobs", "{\"model\":\"sim-chat\",\"input\":{}}")
                .contentType(MediaType.APPLICATION_JSON), HttpStatus.UNAUTHORIZED);
        problem(submit("il_not_a_key", "{\"model\":\"sim-chat\",\"input\":{}}"), HttpStatus.UNAUTHORIZED);
    }

    @Test
    void badInputIsAProblemNamingTheField() {
        assertEquals(400, problem(submit(KEY_A, "{\"model\": \"sim-chat\", "), HttpStatus.BAD_REQUEST).get("status"));
        assertFieldAtFault(submit(KEY_A, "{\"input\":{}}"), HttpStatus.BAD_REQUEST, "model");
        assertFieldAtFault(submit(KEY_A, "{\"model\":7,\"input\":{}}"), HttpStatus.BAD_REQUEST, "model");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":[1]}"), HttpStatus.BAD_REQUEST, "input");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"colour\":1}"), HttpStatus.BAD_REQUEST,
                "colour");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"no-such-model\",\"input\":{}}"),
                HttpStatus.UNPROCESSABLE_ENTITY, "model");
        problem(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"" + "x".repeat(1_100_000) + "\"}}"),
                HttpStatus.REQUEST_ENTITY_TOO_LARGE);
    }

    @Test
    void theJobShowsEverythingTheCallerAskedForAndHowItWasRouted() {
        Map<?, ?> job = http.toBlocking().retrieve(submit(KEY_A, """
                {"model":"sim-chat","input":{"prompt":"x"},"priority":"high","ttl_seconds":600,
                 "webhook":"https://example.test/hook","webhook_events_filter":["start","completed"],
                 "metadata":{"customer":"acme","run":"7"}}"""), Map.class);

        assertEquals("high", job.get("priority"));
        assertEquals("1", job.get("model_version"));
        assertTrue(((String) job.get("routing_reason")).contains("pool 'sim'"), job.toString());
        assertEquals(Map.of("customer", "acme", "run", "7"), job.get("metadata"));
        assertEquals("https://example.test/hook", job.get("webhook"));
        assertEquals(List.of("start", "completed"), job.get("webhook_events_filter"));
        assertNotNull(job.get("expires_at"));
        assertEquals(Map.of("self", "/v1/jobs/" + job.get("id"), "cancel", "/v1/jobs/" + job.get("id") + "/cancel",
                "events", "/v1/jobs/" + job.get("id") + "/events"), job.get("links"));
    }

    @Test
    void theSameIdempotencyKeyAndBodyReturnTheSameJobAndADifferentBodyConflicts() {
        String key = "order-" + UUID.randomUUID();
        var first = http.toBlocking().exchange(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{\"a\":1,\"b\":2}}")
                .header("Idempotency-Key", key), Map.class);
        var again = http.toBlocking().exchange(submit(KEY_A, "{ \"input\": {\"b\":2, \"a\":1}, \"model\": \"sim-chat\" }")
                .header("Idempotency-Key", key), Map.class);

        assertEquals(HttpStatus.ACCEPTED, first.getStatus());
        assertEquals(HttpStatus.OK, again.getStatus());
        assertEquals(first.body().get("id"), again.body().get("id"));
        var conflict = problem(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{\"a\":2}}").header("Idempotency-Key", key),
                HttpStatus.CONFLICT);
        assertEquals("https://inferline.dev/problems/idempotency-key-reused", conflict.get("type"));
        // keys belong to a tenant: another tenant's same key is a new job
        var other = http.toBlocking().exchange(submit(KEY_B, "{\"model\":\"sim-chat\",\"input\":{\"a\":1,\"b\":2}}")
                .header("Idempotency-Key", key), Map.class);
        assertEquals(HttpStatus.ACCEPTED, other.getStatus());
        assertNotEquals(first.body().get("id"), other.body().get("id"));
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}").header("Idempotency-Key", "has space"),
                HttpStatus.BAD_REQUEST, "Idempotency-Key");
    }

    @Test
    void listingPagesStayStableWhileJobsAreAdded() {
        String run = UUID.randomUUID().toString();
        var created = new ArrayList<String>();
        for (int i = 0; i < 5; i++) {
            created.add(0, submitWithMetadata(KEY_A, run));
        }
        Map<?, ?> page1 = list(KEY_A, "?metadata.run=" + run + "&limit=2");
        for (int i = 0; i < 3; i++) {
            submitWithMetadata(KEY_A, run);
        }
        var seen = new ArrayList<Object>(ids(page1));
        Map<?, ?> page = page1;
        while (Boolean.TRUE.equals(page.get("has_more"))) {
            page = list(KEY_A, "?metadata.run=" + run + "&limit=2&cursor=" + page.get("next_cursor"));
            seen.addAll(ids(page));
        }

        assertEquals(created, seen, "the pages after the first show the older jobs, each once, newest first");
        assertEquals(8, ids(list(KEY_A, "?metadata.run=" + run + "&limit=100")).size());
        assertEquals(0, ids(list(KEY_B, "?metadata.run=" + run)).size(), "another tenant sees none of them");
        assertEquals(8, ids(list(KEY_A, "?metadata.run=" + run + "&status=queued,running&model=sim-chat&limit=50")).size());
        assertEquals(0, ids(list(KEY_A, "?metadata.run=" + run + "&status=succeeded")).size());
        assertEquals(0, ids(list(KEY_A, "?metadata.run=" + run + "&created_after=2999-01-01T00:00:00Z")).size());
        assertFieldAtFault(HttpRequest.GET("/v1/jobs?limit=500").bearerAuth(KEY_A), HttpStatus.BAD_REQUEST, "limit");
        assertFieldAtFault(HttpRequest.GET("/v1/jobs?status=done").bearerAuth(KEY_A), HttpStatus.BAD_REQUEST, "status");
        assertFieldAtFault(HttpRequest.GET("/v1/jobs?cursor=%21%21").bearerAuth(KEY_A), HttpStatus.BAD_REQUEST, "cursor");
    }

    @Test
    void aQueuedJobIsCanceledAndTheWorkersAreTold() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");

        problem(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "").bearerAuth(KEY_B), HttpStatus.NOT_FOUND);
        Map<?, ?> canceled = http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "").bearerAuth(KEY_A), Map.class);

        assertEquals("canceled", canceled.get("status"));
        assertNotNull(canceled.get("finished_at"));
        assertEquals(1L, redis.sync().exists(JobSignals.canceledKey(UUID.fromString(id))));
        assertEquals("canceled", http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "")
                .bearerAuth(KEY_A), Map.class).get("status"), "canceling again changes nothing");
        // a worker that had not heard of the cancel reports the job running: it stays canceled
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.running(request(UUID.fromString(id)), Instant.now())));
        Thread.sleep(500);
        assertEquals("canceled", get(KEY_A, id).get("status"));
    }

    @Test
    void aFinishedJobCannotBeCanceled() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id, json.writeValueAsString(
                JobEvent.succeeded(request(UUID.fromString(id)), Map.of("text", "done"), null, Instant.now())));
        awaitStatus(KEY_A, id, JobStatus.SUCCEEDED);

        var conflict = problem(HttpRequest.POST("/v1/jobs/" + id + "/cancel", "").bearerAuth(KEY_A), HttpStatus.CONFLICT);
        assertEquals("https://inferline.dev/problems/job-already-final", conflict.get("type"));
    }

    @Test
    void aLongPollReturnsAsSoonAsTheJobFinishes() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");
        long started = System.nanoTime();
        var polled = CompletableFuture.supplyAsync(() -> http.toBlocking().exchange(
                HttpRequest.GET("/v1/jobs/" + id).bearerAuth(KEY_A).header("Prefer", "wait=30"), Map.class));

        Thread.sleep(1_000);
        assertFalse(polled.isDone(), "the poll waits while the job is queued");
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id, json.writeValueAsString(
                JobEvent.succeeded(request(UUID.fromString(id)), Map.of("text", "done"), null, Instant.now())));

        var response = polled.get(15, TimeUnit.SECONDS);
        long waitedMillis = (System.nanoTime() - started) / 1_000_000;
        assertEquals("succeeded", response.body().get("status"));
        assertEquals("wait=30", response.getHeaders().get("Preference-Applied"));
        assertTrue(waitedMillis < 10_000, "answered " + waitedMillis + " ms after the request, not after 30 s");
    }

    @Test
    void aLongPollOnAnUnchangedJobAnswersAfterTheWait() {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");
        long started = System.nanoTime();
        Map<?, ?> job = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(KEY_A)
                .header("Prefer", "wait=1"), Map.class);
        assertEquals("queued", job.get("status"));
        assertTrue(System.nanoTime() - started >= 900_000_000L, "held for the requested second");
    }

    @Test
    void theEventStreamShowsEachChangeAndEndsWithTheFinalState() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{}}"), Map.class).get("id");
        var stream = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                        server.getURI().resolve("/v1/jobs/" + id + "/events")).header("Authorization", "Bearer " + KEY_A).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        var request = request(UUID.fromString(id));
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.running(request, Instant.now())));
        Thread.sleep(300);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id, json.writeValueAsString(
                JobEvent.succeeded(request, Map.of("text", "done"), null, Instant.now())));

        String body = stream.get(15, TimeUnit.SECONDS).body();
        assertEquals(List.of("queued", "running", "succeeded"), body.lines().filter(l -> l.startsWith("event:"))
                .map(l -> l.substring("event:".length()).strip()).toList(), body);
    }

    @Test
    void theEventStreamSendsOutputPiecesBetweenRunningAndTheFinalStateOnceEach() throws Exception {
        String id = (String) http.toBlocking().retrieve(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"input\":{\"stream\":true}}"), Map.class).get("id");
        var stream = java.net.http.HttpClient.newHttpClient().sendAsync(java.net.http.HttpRequest.newBuilder(
                        server.getURI().resolve("/v1/jobs/" + id + "/events")).header("Authorization", "Bearer " + KEY_A).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1_000);
        var request = request(UUID.fromString(id));
        // the first piece overtakes the running event (they travel on different topics): it waits for it
        output(request, 1, "Hello");
        Thread.sleep(300);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.running(request, Instant.now())));
        Thread.sleep(300);
        output(request, 2, " world");
        output(request, 2, " world"); // consumed twice
        Thread.sleep(300);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id, json.writeValueAsString(
                JobEvent.succeeded(request, Map.of("text", "Hello world"), null, Instant.now())));

        String body = stream.get(15, TimeUnit.SECONDS).body();
        assertEquals(List.of("queued", "running", "output", "output", "succeeded"), body.lines()
                .filter(l -> l.startsWith("event:")).map(l -> l.substring("event:".length()).strip()).toList(), body);
        var pieces = body.lines().filter(l -> l.startsWith("data:") && l.contains("\"delta\""))
                .map(l -> readMap(l.substring("data:".length()))).toList();
        assertEquals(List.of(Map.of("job_id", id, "attempt", 1, "seq", 1, "delta", "Hello"),
                Map.of("job_id", id, "attempt", 1, "seq", 2, "delta", " world")), pieces);
    }

    private void output(JobRequested request, long seq, String delta) throws Exception {
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_OUTPUT, request.jobId().toString(),
                json.writeValueAsString(new JobOutput(request.jobId(), request.tenantId(), 1, seq, delta, Instant.now())));
    }

    private Map<?, ?> readMap(String text) {
        try {
            return json.readValue(text, Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void jobsThatWaitPastTheirTtlOrDeadlineExpire() throws Exception {
        String ttl = (String) http.toBlocking().retrieve(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"input\":{},\"ttl_seconds\":1}"), Map.class).get("id");
        String deadline = (String) http.toBlocking().retrieve(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},"
                + "\"deadline\":\"" + Instant.now().plusSeconds(1) + "\"}"), Map.class).get("id");

        Map<?, ?> expiredByTtl = awaitStatus(KEY_A, ttl, JobStatus.EXPIRED);
        Map<?, ?> expiredByDeadline = awaitStatus(KEY_A, deadline, JobStatus.EXPIRED);
        assertEquals("ttl_expired", ((Map<?, ?>) expiredByTtl.get("error")).get("type"));
        assertEquals("deadline_exceeded", ((Map<?, ?>) expiredByDeadline.get("error")).get("type"));
    }

    @Test
    void badOptionalFieldsAreNamed() {
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"priority\":\"urgent\"}"),
                HttpStatus.BAD_REQUEST, "priority");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"ttl_seconds\":0}"),
                HttpStatus.BAD_REQUEST, "ttl_seconds");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"ttl_seconds\":\"60\"}"),
                HttpStatus.BAD_REQUEST, "ttl_seconds");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"deadline\":\"2001-01-01T00:00:00Z\"}"),
                HttpStatus.BAD_REQUEST, "deadline");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"deadline\":\"tomorrow\"}"),
                HttpStatus.BAD_REQUEST, "deadline");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"webhook\":\"ftp://x\"}"),
                HttpStatus.BAD_REQUEST, "webhook");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"webhook_events_filter\":[\"completed\"]}"),
                HttpStatus.BAD_REQUEST, "webhook_events_filter");
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"metadata\":{\"n\":1}}"),
                HttpStatus.BAD_REQUEST, "metadata.n");
        var tooMany = new StringBuilder("{");
        for (int i = 0; i < 17; i++) {
            tooMany.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":\"v\"");
        }
        assertFieldAtFault(submit(KEY_A, "{\"model\":\"sim-chat\",\"input\":{},\"metadata\":" + tooMany + "}}"),
                HttpStatus.BAD_REQUEST, "metadata");
    }

    @Test
    void theOpenApiDocumentIsGeneratedFromTheCodeAndServed() {
        String document = http.toBlocking().retrieve("/openapi/inferline-api-v1.yml");
        for (String expected : List.of("/v1/jobs/{id}/cancel", "/v1/jobs/{id}/events", "Idempotency-Key",
                "CreateJobRequest:", "webhook_events_filter", "JobResource:", "JobList:")) {
            assertTrue(document.contains(expected), "missing " + expected);
        }
    }

    private String submitWithMetadata(String key, String run) {
        return (String) http.toBlocking().retrieve(submit(key,
                "{\"model\":\"sim-chat\",\"input\":{},\"metadata\":{\"run\":\"" + run + "\"}}"), Map.class).get("id");
    }

    private Map<?, ?> list(String key, String query) {
        return http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs" + query).bearerAuth(key), Map.class);
    }

    private static List<Object> ids(Map<?, ?> page) {
        return ((List<?>) page.get("data")).stream().<Object>map(job -> ((Map<?, ?>) job).get("id")).toList();
    }

    private void assertFieldAtFault(HttpRequest<?> request, HttpStatus status, String field) {
        var errors = (List<?>) problem(request, status).get("errors");
        assertEquals(field, ((Map<?, ?>) errors.get(0)).get("field"), errors.toString());
    }

    private Map<?, ?> problem(HttpRequest<?> request, HttpStatus expected) {
        var e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(request, String.class));
        assertEquals(expected, e.getStatus(), () -> e.getResponse().getBody(String.class).orElse(""));
        assertEquals("application/problem+json", e.getResponse().getContentType().orElseThrow().toString());
        String body = e.getResponse().getBody(String.class).orElseThrow();
        assertTrue(!body.contains("Exception") && !body.contains("\tat "), body);
        try {
            return json.readValue(body, Map.class);
        } catch (IOException io) {
            throw new AssertionError("not JSON: " + body, io);
        }
    }

    private Map<?, ?> awaitStatus(String key, String id, JobStatus status) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<?, ?> job = get(key, id);
        while (!status.wireName().equals(job.get("status")) && System.nanoTime() < deadline) {
            Thread.sleep(100);
            job = get(key, id);
        }
        assertEquals(status.wireName(), job.get("status"), job.toString());
        return job;
    }

    private Map<?, ?> get(String key, String id) {
        return http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + id).bearerAuth(key), Map.class);
    }

    private static JobRequested request(UUID id) {
        return new JobRequested(id, "tenant-a", "sim-chat", "simulator", "sim", Priority.NORMAL, Map.of("prompt", "hi"),
                1, Instant.now(), null, null, null, null);
    }

    private static MutableHttpRequest<String> submit(String key, String body) {
        return HttpRequest.POST("/v1/jobs", body).contentType(MediaType.APPLICATION_JSON).bearerAuth(key);
    }
}
