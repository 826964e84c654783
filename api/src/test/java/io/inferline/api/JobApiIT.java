package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
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

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

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
    }

    @Test
    void acceptedJobIsStoredAndQueuedOnItsPoolTopic() throws Exception {
        HttpResponse<Map> accepted = http.toBlocking().exchange(submit(KEY_A,
                "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"hello\"}}"), Map.class);

        assertEquals(HttpStatus.ACCEPTED, accepted.getStatus());
        Map<?, ?> job = accepted.body();
        assertEquals("queued", job.get("status"));
        String id = (String) job.get("id");
        assertEquals("/v1/jobs/" + id, accepted.getHeaders().get("Location"));

        try (var reader = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.jobRequests("sim"))) {
            var record = reader.await(r -> id.equals(r.key()), WAIT);
            var request = json.readValue(record.value(), JobRequested.class);
            assertEquals("tenant-a", request.tenantId());
            assertEquals("simulator", request.backend());
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
        var request = new JobRequested(UUID.fromString(id), "tenant-a", "sim-chat", "simulator", "sim",
                Map.of("prompt", "hi"), 1, Instant.now());
        var bootstrap = infrastructure.kafkaBootstrapServers();

        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id, json.writeValueAsString(JobEvent.running(request, Instant.now())));
        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.succeeded(request, Map.of("text", "hello there"), Instant.now())));
        // a redelivered, late "running" must not move a finished job back
        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, id, json.writeValueAsString(JobEvent.running(request, Instant.now())));
        KafkaTopics.send(bootstrap, Topics.JOB_EVENTS, "marker", json.writeValueAsString(
                JobEvent.running(new JobRequested(UUID.randomUUID(), "tenant-a", "sim-chat", "simulator", "sim",
                        Map.of(), 1, Instant.now()), Instant.now())));

        Map<?, ?> job = awaitStatus(KEY_A, id, JobStatus.SUCCEEDED);
        assertEquals(Map.of("text", "hello there"), job.get("output"));
        assertNotNull(job.get("started_at"));
        assertNotNull(job.get("finished_at"));
        Thread.sleep(500);
        assertEquals("succeeded", get(KEY_A, id).get("status"));
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

    private static HttpRequest<String> submit(String key, String body) {
        return HttpRequest.POST("/v1/jobs", body).contentType(MediaType.APPLICATION_JSON).bearerAuth(key);
    }
}
