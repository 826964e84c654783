package io.inferline.inference;

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
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The worker alone on a real broker and PostgreSQL through PgBouncer: requests in, events out. */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JobExecutionIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String POOL_TOPIC = Topics.jobRequests("sim", Priority.NORMAL);

    private final Infrastructure infrastructure = Infrastructure.shared();

    @Inject
    JsonMapper json;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Override
    public Map<String, String> getProperties() {
        var properties = infrastructure.testProperties("inference");
        // quick jobs ask for max_tokens 5 (about 5 ms); the others run about 30 s unless stopped
        properties.put("inferline.simulator.latency", "5ms");
        properties.put("inferline.simulator.per-token-latency", "1s");
        properties.put("inferline.simulator.output-tokens", "30");
        return properties;
    }

    @Test
    void aRequestRunsOnTheSimulatorAndReportsRunningThenSucceeded() throws Exception {
        var request = request(quick("the quick brown fox"));

        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            var running = event(events.await(r -> matches(r.value(), request, JobStatus.RUNNING), WAIT).value());
            var succeeded = event(events.await(r -> matches(r.value(), request, JobStatus.SUCCEEDED), WAIT).value());

            assertEquals(1, running.attempt());
            String text = (String) succeeded.output().get("text");
            assertEquals(5, text.split(" ").length, text);
            assertTrue(List.of("the", "quick", "brown", "fox").containsAll(List.of(text.split(" "))), text);
            assertEquals(true, succeeded.output().get("simulated"));
            assertEquals(new Usage(4, 5), succeeded.usage());
        }
    }

    @Test
    void aStreamingRequestOnTheSimulatorPublishesEachTokenAsAPiece() throws Exception {
        // tokens come a second apart, far more than the output interval: one piece each
        var request = request(Map.of("prompt", "alpha beta gamma", "max_tokens", 3, "stream", true));

        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var outputs = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_OUTPUT)) {
            send(request);
            var succeeded = event(events.await(r -> matches(r.value(), request, JobStatus.SUCCEEDED), WAIT).value());
            List<JobOutput> pieces = new ArrayList<>();
            for (var record : outputs.awaitCount(r -> r.value().contains(request.jobId().toString()), 3, WAIT)) {
                pieces.add(json.readValue(record.value(), JobOutput.class));
            }

            assertEquals(List.of(1L, 2L, 3L), pieces.stream().map(JobOutput::seq).toList());
            assertEquals(succeeded.output().get("text"), pieces.stream().map(JobOutput::delta).collect(Collectors.joining()));
        }
    }

    @Test
    void aRedeliveredRequestIsNotRunAgain() throws Exception {
        var request = request(quick("once only"));
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

            var next = request(quick("after the poison"));
            send(next);
            events.await(r -> matches(r.value(), next, JobStatus.SUCCEEDED), WAIT);
        }
    }

    @Test
    void aJobCanceledBeforeItStartsNeverRuns() throws Exception {
        var request = request(quick("never"));
        redis.sync().set(JobSignals.canceledKey(request.jobId()), "1");
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            var canceled = event(events.await(r -> matches(r.value(), request, JobStatus.CANCELED), WAIT).value());
            assertEquals("canceled before it started", canceled.error().message());
            assertTrue(events.received().stream().noneMatch(r -> matches(r.value(), request, JobStatus.RUNNING)));
        }
    }

    @Test
    void cancelingARunningJobAbortsItsBackendCall() throws Exception {
        var request = request(Map.of("prompt", "a long answer"));
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(request);
            events.await(r -> matches(r.value(), request, JobStatus.RUNNING), WAIT);
            long canceledAt = System.nanoTime();
            redis.sync().set(JobSignals.canceledKey(request.jobId()), "1");
            redis.sync().publish(JobSignals.CANCEL_CHANNEL, request.jobId().toString());

            var canceled = event(events.await(r -> matches(r.value(), request, JobStatus.CANCELED), WAIT).value());
            long tookMillis = (System.nanoTime() - canceledAt) / 1_000_000;
            assertTrue(tookMillis < 10_000, "a 30 s call ended " + tookMillis + " ms after the cancel");
            assertEquals("canceled", canceled.error().type());
        }
    }

    @Test
    void aJobPastItsTtlIsNotStartedAndOnePastItsDeadlineIsStopped() throws Exception {
        var stale = new JobRequested(UUID.randomUUID(), "tenant-x", "sim-chat", "simulator", "sim", Priority.NORMAL,
                quick("late"), 1, Instant.now().minusSeconds(60), Instant.now().minusSeconds(1), null, null, null);
        var hurried = new JobRequested(UUID.randomUUID(), "tenant-x", "sim-chat", "simulator", "sim", Priority.NORMAL,
                Map.of("prompt", "slow"), 1, Instant.now(), null, Instant.now().plusSeconds(2), null, null);
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            send(stale);
            send(hurried);
            var expired = event(events.await(r -> matches(r.value(), stale, JobStatus.EXPIRED), WAIT).value());
            var stopped = event(events.await(r -> matches(r.value(), hurried, JobStatus.EXPIRED), WAIT).value());

            assertEquals("ttl_expired", expired.error().type());
            assertTrue(events.received().stream().noneMatch(r -> matches(r.value(), stale, JobStatus.RUNNING)));
            assertEquals("deadline_exceeded", stopped.error().type());
        }
    }

    private static Map<String, Object> quick(String prompt) {
        return Map.of("prompt", prompt, "max_tokens", 5);
    }

    private JobRequested request(Map<String, Object> input) {
        return new JobRequested(UUID.randomUUID(), "tenant-x", "sim-chat", "simulator", "sim", Priority.NORMAL, input,
                1, Instant.now(), null, null, null, null);
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
