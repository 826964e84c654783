package io.inferline.inference;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobOutput;
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
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job for a model the registry places on an OpenAI-compatible server runs there: the worker finds the job's
 * version in the registry topic, calls the real HTTP server with the version's upstream model, and reports its answer.
 * A job that asks for {@code "stream": true} publishes the pieces of its answer on the output topic as they arrive.
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

    @Test
    void aStreamingJobPublishesThePiecesOfItsAnswerBeforeItsFinalEvent() throws Exception {
        String model = registerModel();
        server.tokenDelay(Duration.ofMillis(120));
        var request = job(model, "one two three four five six seven", true);
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var outputs = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_OUTPUT)) {
            send(request);
            JobEvent succeeded = json.readValue(events.await(r -> endedEvent(r.value(), request), WAIT).value(),
                    JobEvent.class);
            String text = (String) succeeded.output().get("text");
            assertEquals("Echo: one two three four five six seven", text);

            outputs.await(r -> pieceOf(r, request) != null && joined(outputs.received(), r, request).equals(text), WAIT);
            List<JobOutput> pieces = outputs.received().stream().map(r -> pieceOf(r, request))
                    .filter(Objects::nonNull).toList();
            assertTrue(pieces.size() >= 2, "the answer came in several pieces: " + pieces);
            assertEquals(LongStream.rangeClosed(1, pieces.size()).boxed().toList(),
                    pieces.stream().map(JobOutput::seq).toList());
            assertTrue(pieces.stream().allMatch(p -> p.attempt() == 1 && "tenant-x".equals(p.tenantId())));
        } finally {
            server.tokenDelay(Duration.ZERO);
        }
    }

    @Test
    void aJobThatDoesNotAskToStreamPublishesNoPieces() throws Exception {
        String model = registerModel();
        var request = job(model, "answer me whole");
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var outputs = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_OUTPUT)) {
            send(request);
            events.await(r -> endedEvent(r.value(), request), WAIT);
            // pieces go out before the final event: a marker after it on the job's partition ends the search
            String marker = "end of job " + request.jobId();
            KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_OUTPUT, request.jobId().toString(), marker);
            outputs.await(r -> marker.equals(r.value()), WAIT);

            assertTrue(outputs.received().stream().noneMatch(r -> pieceOf(r, request) != null));
        }
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
        return job(model, content, false);
    }

    private static JobRequested job(String model, String content, boolean stream) {
        return new JobRequested(UUID.randomUUID(), "tenant-x", model, "vllm", "sim", Priority.NORMAL,
                Map.of("messages", List.of(Map.of("role", "user", "content", content)), "stream", stream), 1,
                Instant.now(), null, null, "v2", null);
    }

    /** The record as a piece of the job's answer, or null when it is not one. */
    private JobOutput pieceOf(ConsumerRecord<String, String> record, JobRequested request) {
        try {
            var output = json.readValue(record.value(), JobOutput.class);
            return request.jobId().equals(output.jobId()) ? output : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The job's pieces among {@code records} joined, up to and including {@code last}. */
    private String joined(List<ConsumerRecord<String, String>> records, ConsumerRecord<String, String> last,
                          JobRequested request) {
        var text = new StringBuilder();
        for (var record : records) {
            var piece = pieceOf(record, request);
            if (piece != null) {
                text.append(piece.delta());
            }
            if (record == last) {
                break;
            }
        }
        return text.toString();
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
