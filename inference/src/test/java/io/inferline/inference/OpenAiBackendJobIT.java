package io.inferline.inference;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobSignals;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.routing.application.RegistryView;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.inferline.testkit.OpenAiCompatibleServer;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job for a model the registry places on an OpenAI-compatible server runs there: the worker finds the job's
 * version in the registry topic, calls the real HTTP server with the version's upstream model, and reports its answer.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OpenAiBackendJobIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private final Infrastructure infrastructure = Infrastructure.shared();
    private final OpenAiCompatibleServer server = OpenAiCompatibleServer.start();

    @Inject
    JsonMapper json;

    @Inject
    RegistryView registry;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        return infrastructure.testProperties("inference");
    }

    @AfterAll
    void stopServer() {
        server.close();
    }

    @Test
    void aJobRoutedToAnOpenAiCompatibleServerSucceedsWithItsAnswer() throws Exception {
        String model = registerModel();

        var request = job(model, "hello from a job");
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            var ended = events.await(r -> endedEvent(r.value(), request), WAIT);
            JobEvent succeeded = json.readValue(ended.value(), JobEvent.class);

            assertEquals(JobStatus.SUCCEEDED, succeeded.status(), String.valueOf(succeeded.error()));
            assertEquals("Echo: hello from a job", succeeded.output().get("text"));
            assertEquals("upstream-chat-7b", succeeded.output().get("model"));
            assertEquals(new Usage(4, 5), succeeded.usage());
        }
        var received = server.requests("/v1/chat/completions").stream()
                .filter(r -> request.jobId().toString().equals(r.header("x-request-id"))).toList();
        assertEquals(1, received.size());
        assertEquals("upstream-chat-7b", received.getFirst().json().get("model"), "the version the job names, not the default");
    }

    @Test
    void cancelingTheJobAbortsTheRequestOnTheServer() throws Exception {
        String model = registerModel();
        int abortedBefore = server.abortedRequests();
        server.hangNext(1);

        var request = job(model, "never answered");
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            events.await(r -> hasStatus(r.value(), request, JobStatus.RUNNING), WAIT);
            redis.sync().set(JobSignals.canceledKey(request.jobId()), "1");
            redis.sync().publish(JobSignals.CANCEL_CHANNEL, request.jobId().toString());

            var ended = json.readValue(events.await(r -> endedEvent(r.value(), request), WAIT).value(), JobEvent.class);
            assertEquals(JobStatus.CANCELED, ended.status());
        }
        assertTrue(server.awaitAborted(abortedBefore + 1, WAIT), "the server saw the worker hang up");
    }

    /** A model whose default version v1 points nowhere and whose v2 is the test server. */
    private String registerModel() throws Exception {
        String model = "remote-chat-" + UUID.randomUUID().toString().substring(0, 8);
        var versions = List.of(
                new ModelVersionSpec("v1", "vllm", "http://127.0.0.1:1/v1", "sim", null, 30, null, null, null,
                        ModelVersionSpec.ACTIVE, "old-upstream"),
                new ModelVersionSpec("v2", "vllm", server.v1Url(), "sim", null, 30, null, null, null,
                        ModelVersionSpec.ACTIVE, "upstream-chat-7b"));
        publish(new ModelSpec(model, "chat", "v1", versions, null, null));
        long until = System.nanoTime() + WAIT.toNanos();
        while (registry.current().model(model).isEmpty() && System.nanoTime() < until) {
            Thread.sleep(50);
        }
        return model;
    }

    private static JobRequested job(String model, String content) {
        return new JobRequested(UUID.randomUUID(), "tenant-x", model, "vllm", "sim", Priority.NORMAL,
                Map.of("messages", List.of(Map.of("role", "user", "content", content))), 1, Instant.now(),
                null, null, "v2");
    }

    private void send(JobRequested request) throws Exception {
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.jobRequests("sim", request.priority()),
                request.jobId().toString(), json.writeValueAsString(request));
    }

    private boolean hasStatus(String value, JobRequested request, JobStatus status) {
        try {
            var event = json.readValue(value, JobEvent.class);
            return event.jobId().equals(request.jobId()) && event.status() == status;
        } catch (Exception e) {
            return false;
        }
    }

    private void publish(ModelSpec model) throws Exception {
        var change = new RegistryChange(RegistryChange.MODEL, model.name(), 1, Instant.now(), model, null, null);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.MODEL_REGISTRY, change.key(),
                json.writeValueAsString(change));
    }

    private boolean endedEvent(String value, JobRequested request) {
        try {
            var event = json.readValue(value, JobEvent.class);
            return event.jobId().equals(request.jobId()) && event.status().isFinal();
        } catch (Exception e) {
            return false;
        }
    }
}
