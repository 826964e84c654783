package io.inferline.inference;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker alone on a real broker and PostgreSQL through PgBouncer: requests in, events out. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobExecutionIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POOL_TOPIC = Topics.jobRequests("sim");

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = infrastructure.testProperties("inference");
        properties.put("inferline.simulator.latency", "5ms");
        properties.put("inferline.simulator.output-tokens", "5");
        return properties;
    }

    @Test
    void aRequestRunsOnTheSimulatorAndReportsRunningThenSucceeded() throws Exception {
        var request = request(Map.of("prompt", "the quick brown fox"));

        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            var running = event(events.await(r -> matches(r.value(), request, JobStatus.RUNNING), WAIT).value());
            var succeeded = event(events.await(r -> matches(r.value(), request, JobStatus.SUCCEEDED), WAIT).value());

            assertEquals(1, running.attempt());
            String text = (String) succeeded.output().get("text");
            assertEquals(5, text.split(" ").length, text);
            assertTrue(List.of("the", "quick", "brown", "fox").containsAll(List.of(text.split(" "))), text);
            assertEquals(true, succeeded.output().get("simulated"));
        }
    }

    @Test
    void aRedeliveredRequestIsNotRunAgain() throws Exception {
        var request = request(Map.of("prompt", "once only"));
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            events.await(r -> matches(r.value(), request, JobStatus.SUCCEEDED), WAIT);
            send(request);

            var successes = events.awaitCount(r -> matches(r.value(), request, JobStatus.SUCCEEDED), 2, WAIT);
            var first = event(successes.get(0).value());
            var replayed = event(successes.get(1).value());
            assertEquals(first.output(), replayed.output());
            assertEquals(first.occurredAt(), replayed.occurredAt(), "the stored result is replayed, not recomputed");
            assertEquals(1, events.received().stream().filter(r -> matches(r.value(), request, JobStatus.RUNNING)).count(),
                    "the second delivery must not start the job again");
        }
    }

    @Test
    void anUndecodableRequestIsDeadLetteredAndTheWorkerKeepsGoing() throws Exception {
        String key = "poison-" + UUID.randomUUID();
        try (var dlq = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_DEAD_LETTERS);
             var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            KafkaTopics.send(infrastructure.kafkaBootstrapServers(), POOL_TOPIC, key, "\u0000garbage");
            var parked = dlq.await(r -> key.equals(r.key()), WAIT);
            assertTrue(KafkaTopics.header(parked, "inferline.dlq.source").startsWith(POOL_TOPIC + "/"));

            var next = request(Map.of("prompt", "after the poison"));
            send(next);
            events.await(r -> matches(r.value(), next, JobStatus.SUCCEEDED), WAIT);
        }
    }

    private JobRequested request(Map<String, Object> input) {
        return new JobRequested(UUID.randomUUID(), "tenant-x", "sim-chat", "simulator", "sim", input, 1, Instant.now());
    }

    private void send(JobRequested request) throws Exception {
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), POOL_TOPIC, request.jobId().toString(),
                json.writeValueAsString(request));
    }

    private boolean matches(String value, JobRequested request, JobStatus status) {
        try {
            var event = event(value);
            return event.jobId().equals(request.jobId()) && event.status() == status;
        } catch (Exception e) {
            return false;
        }
    }

    private JobEvent event(String value) throws Exception {
        return json.readValue(value, JobEvent.class);
    }
}
