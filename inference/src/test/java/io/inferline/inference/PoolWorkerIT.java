package io.inferline.inference;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.micronaut.context.ApplicationContext;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.apache.kafka.clients.admin.AdminClient;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.DriverManager;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The pool consumer on a real broker and PostgreSQL: lanes, back-pressure, shutdown, redelivery, poison. Each test
 * runs the worker as its own application context on a pool of its own, so it can start and stop it.
 */
class PoolWorkerIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final Infrastructure infrastructure = Infrastructure.shared();
    private static AdminClient admin;
    private static JsonMapper json;

    @BeforeAll
    static void connect() {
        admin = AdminClient.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                infrastructure.kafkaBootstrapServers()));
        json = JsonMapper.createDefault();
    }

    @AfterAll
    static void close() {
        admin.close();
    }

    @Test
    void theHighLaneGoesFirstWithoutStarvingTheLowLane() throws Exception {
        String pool = pool("lanes");
        createTopics(pool, 1);
        // queued before any worker runs, low first: arrival order alone would run every low job first
        Map<UUID, Priority> lanes = new HashMap<>();
        for (Priority lane : List.of(Priority.LOW, Priority.NORMAL, Priority.HIGH)) {
            for (int i = 0; i < 12; i++) {
                lanes.put(send(request(pool, lane, quick("lane " + lane.wireName()))).jobId(), lane);
            }
        }
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var worker = worker(pool, Map.of("inferline.inference.max-in-flight", "1",
                     "inferline.simulator.latency", "40ms"))) {
            events.awaitCount(r -> finalOf(r.value(), lanes.keySet(), JobStatus.SUCCEEDED), lanes.size(), WAIT);
        }
        List<Priority> started = startOrder(lanes.keySet()).stream().map(lanes::get).toList();
        assertEquals(36, started.size());

        double high = meanPosition(started, Priority.HIGH);
        double normal = meanPosition(started, Priority.NORMAL);
        double low = meanPosition(started, Priority.LOW);
        assertTrue(high < normal && normal < low, "mean start positions high " + high + ", normal " + normal
                + ", low " + low + " in " + started);
        assertTrue(started.indexOf(Priority.LOW) < started.lastIndexOf(Priority.HIGH),
                "a low job must start while high jobs still wait: " + started);
    }

    @Test
    void noMoreThanMaxInFlightJobsRunAndTheRestWaitInKafka() throws Exception {
        String pool = pool("pressure");
        createTopics(pool, 3);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            jobs.add(send(request(pool, Priority.NORMAL, quick("pressure " + i))).jobId());
        }
        var mostRunning = new AtomicInteger();
        var mostPaused = new AtomicInteger();
        var sampling = new AtomicBoolean(true);
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var worker = worker(pool, Map.of("inferline.inference.max-in-flight", "2",
                     "inferline.simulator.latency", "300ms"))) {
            var meters = worker.getBean(MeterRegistry.class);
            Thread sampler = Thread.ofVirtual().start(() -> {
                while (sampling.get()) {
                    mostRunning.accumulateAndGet((int) gauge(meters, "inferline.jobs.running", pool), Math::max);
                    mostPaused.accumulateAndGet((int) gauge(meters, "inferline.worker.paused.partitions", pool), Math::max);
                    sleep(10);
                }
            });
            events.awaitCount(r -> finalOf(r.value(), jobs, JobStatus.SUCCEEDED), jobs.size(), WAIT);
            sampling.set(false);
            sampler.join();
            // what /prometheus serves, names as monitoring/metrics/services.txt lists them
            String scrape = worker.getBean(PrometheusMeterRegistry.class).scrape();
            for (String name : List.of("inferline_jobs_finished_total{", "inferline_jobs_running{",
                    "inferline_inference_tokens_total{", "inferline_worker_queue_wait_seconds_bucket{",
                    "inferline_worker_backend_latency_seconds_bucket{", "inferline_worker_paused_partitions{")) {
                assertTrue(scrape.lines().anyMatch(line -> line.startsWith(name) && line.contains(pool)),
                        name + " of pool " + pool + " is not exported");
            }
            double succeeded = scrape.lines()
                    .filter(line -> line.startsWith("inferline_jobs_finished_total{") && line.contains(pool)
                            && line.contains("status=\"succeeded\""))
                    .mapToDouble(line -> Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1))).sum();
            assertEquals(12.0, succeeded, "jobs counted as succeeded");
        }
        assertEquals(2, mostRunning.get(), "in-flight gauge");
        assertTrue(mostPaused.get() > 0, "fetched requests beyond the free slots pause their partitions");
        assertEquals(2, mostOverlapping(jobs), "jobs running at the same time, from their recorded start and end");
    }

    @Test
    void aStoppingWorkerFinishesItsRunningJobAndCommitsIt() throws Exception {
        String pool = pool("grace");
        createTopics(pool, 3);
        var job = send(request(pool, Priority.NORMAL, quick("finish me")));
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            var worker = worker(pool, Map.of("inferline.simulator.latency", "2s",
                    "inferline.inference.shutdown-grace", "30s"));
            events.await(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.RUNNING), WAIT);
            worker.close();

            events.await(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.SUCCEEDED), Duration.ofSeconds(5));
            assertEquals(1, committed(pool, Priority.NORMAL), "the finished job's offset is committed");
            assertEquals(1, events.received().stream()
                    .filter(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.RUNNING)).count());
        }
    }

    @Test
    void aJobItsWorkerDidNotFinishIsRedeliveredAndFinishedByTheNext() throws Exception {
        String pool = pool("handback");
        createTopics(pool, 3);
        var job = send(request(pool, Priority.HIGH, quick("hand me back")));
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS)) {
            // no grace: the stopping worker interrupts the job, as if it died mid-job
            try (var first = worker(pool, Map.of("inferline.simulator.latency", "3s",
                    "inferline.inference.shutdown-grace", "0s"))) {
                events.await(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.RUNNING), WAIT);
            }
            assertEquals(0, committed(pool, Priority.HIGH), "the unfinished job is not committed");

            try (var second = worker(pool, Map.of("inferline.simulator.latency", "100ms"))) {
                events.await(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.SUCCEEDED), WAIT);
            }
            assertEquals(2, events.received().stream()
                    .filter(r -> finalOf(r.value(), List.of(job.jobId()), JobStatus.RUNNING)).count(),
                    "started by the first worker, then again by the second");
        }
    }

    @Test
    void aWorkerJoiningThePoolTakesOverPartitionsWithoutAnyJobRunningTwice() throws Exception {
        String pool = pool("rebalance");
        createTopics(pool, 3);
        List<UUID> jobs = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            jobs.add(send(request(pool, Priority.NORMAL, quick("share " + i))).jobId());
        }
        Map<String, String> settings = Map.of("inferline.inference.max-in-flight", "2",
                "inferline.simulator.latency", "1s");
        double finishedByFirst;
        double finishedBySecond;
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var first = worker(pool, settings)) {
            events.await(r -> finalOf(r.value(), jobs, JobStatus.RUNNING), WAIT);
            try (var second = worker(pool, settings)) {
                events.awaitCount(r -> finalOf(r.value(), jobs, JobStatus.SUCCEEDED), jobs.size(), WAIT);
                finishedByFirst = finished(first, pool);
                finishedBySecond = finished(second, pool);
            }
            for (UUID job : jobs) {
                assertEquals(1, events.received().stream()
                        .filter(r -> finalOf(r.value(), List.of(job), JobStatus.RUNNING)).count(),
                        "job " + job + " started more than once");
            }
        }
        assertTrue(finishedBySecond > 0, "the second worker got partitions and ran jobs");
        assertEquals(jobs.size(), finishedByFirst + finishedBySecond, 0.0);
    }

    @Test
    void aRequestFailingEveryTryIsDeadLetteredAndItsJobFailed() throws Exception {
        String pool = pool("poison");
        createTopics(pool, 3);
        // its answer (about 2 MB) is more than the broker takes, so publishing its final event fails every time
        var poison = send(request(pool, Priority.NORMAL, Map.of("prompt", "x".repeat(1000), "max_tokens", 2000)));
        var next = send(request(pool, Priority.NORMAL, quick("after the poison")));
        try (var events = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS);
             var dlq = KafkaTopics.reader(infrastructure.kafkaBootstrapServers(), Topics.JOB_DEAD_LETTERS);
             var worker = worker(pool, Map.of("inferline.simulator.output-tokens", "4000",
                     "inferline.inference.attempts", "3", "inferline.inference.retry-backoff", "50ms"))) {
            var parked = dlq.await(r -> poison.jobId().toString().equals(r.key()), WAIT);
            assertTrue(KafkaTopics.header(parked, "inferline.dlq.source")
                    .startsWith(Topics.jobRequests(pool, Priority.NORMAL) + "/"));
            assertTrue(KafkaTopics.header(parked, "inferline.dlq.reason").startsWith("failed 3 tries"),
                    KafkaTopics.header(parked, "inferline.dlq.reason"));

            var failed = event(events.await(r -> finalOf(r.value(), List.of(poison.jobId()), JobStatus.FAILED),
                    WAIT).value());
            assertEquals("worker_gave_up", failed.error().type());
            events.await(r -> finalOf(r.value(), List.of(next.jobId()), JobStatus.SUCCEEDED), WAIT);
        }
    }

    private static String pool(String purpose) {
        return purpose + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static void createTopics(String pool, int partitions) throws Exception {
        admin.createTopics(Topics.jobRequestTopics(pool).stream()
                .map(topic -> new NewTopic(topic, partitions, (short) 1)).toList()).all().get();
    }

    private static ApplicationContext worker(String pool, Map<String, String> settings) {
        Map<String, Object> properties = new HashMap<>(infrastructure.testProperties("inference"));
        properties.put("inferline.inference.pools", pool);
        properties.put("inferline.kafka.pools", pool);
        properties.putAll(settings);
        return ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
    }

    private static Map<String, Object> quick(String prompt) {
        return Map.of("prompt", prompt, "max_tokens", 3);
    }

    private static JobRequested request(String pool, Priority priority, Map<String, Object> input) {
        return new JobRequested(UUID.randomUUID(), "tenant-w", "sim-chat", "simulator", pool, priority, input, 1,
                Instant.now(), null, null, null, null);
    }

    private static JobRequested send(JobRequested request) throws Exception {
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.jobRequests(request.pool(), request.priority()),
                request.jobId().toString(), json.writeValueAsString(request));
        return request;
    }

    private static boolean finalOf(String value, java.util.Collection<UUID> jobs, JobStatus status) {
        try {
            var event = event(value);
            return event.status() == status && jobs.contains(event.jobId());
        } catch (Exception e) {
            return false;
        }
    }

    private static JobEvent event(String value) throws Exception {
        return json.readValue(value, JobEvent.class);
    }

    private static double finished(ApplicationContext worker, String pool) {
        return worker.getBean(MeterRegistry.class).find("inferline.jobs.finished").tag("pool", pool).counters().stream()
                .mapToDouble(counter -> counter.count()).sum();
    }

    private static double gauge(MeterRegistry meters, String name, String pool) {
        var gauge = meters.find(name).tag("pool", pool).gauge();
        return gauge == null ? 0 : gauge.value();
    }

    /** The pool group's committed offsets on one lane, summed over its partitions. */
    private static long committed(String pool, Priority lane) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(Topics.workerGroup(pool))
                .partitionsToOffsetAndMetadata().get();
        return offsets.entrySet().stream().filter(e -> e.getKey().topic().equals(Topics.jobRequests(pool, lane)))
                .filter(e -> e.getValue() != null).mapToLong(e -> e.getValue().offset()).sum();
    }

    private static List<UUID> startOrder(java.util.Collection<UUID> jobs) throws Exception {
        List<UUID> order = new ArrayList<>();
        try (var connection = DriverManager.getConnection(infrastructure.postgresJdbcUrl(),
                infrastructure.databaseUser(), infrastructure.databasePassword());
             var ps = connection.prepareStatement("SELECT job_id FROM inference.executions WHERE job_id = ANY (?) "
                     + "ORDER BY started_at")) {
            ps.setArray(1, connection.createArrayOf("uuid", jobs.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    order.add(rs.getObject(1, UUID.class));
                }
            }
        }
        return order;
    }

    /** The most executions of {@code jobs} whose recorded [started_at, finished_at] overlap at one instant. */
    private static int mostOverlapping(List<UUID> jobs) throws Exception {
        List<long[]> edges = new ArrayList<>();
        try (var connection = DriverManager.getConnection(infrastructure.postgresJdbcUrl(),
                infrastructure.databaseUser(), infrastructure.databasePassword());
             var ps = connection.prepareStatement("SELECT started_at, finished_at FROM inference.executions "
                     + "WHERE job_id = ANY (?)")) {
            ps.setArray(1, connection.createArrayOf("uuid", jobs.toArray()));
            try (var rs = ps.executeQuery()) {
                while (rs.next()) {
                    edges.add(new long[] {micros(rs.getTimestamp(1)), 1});
                    edges.add(new long[] {micros(rs.getTimestamp(2)), -1});
                }
            }
        }
        assertEquals(jobs.size() * 2, edges.size());
        // at equal instants an end counts before a start
        edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
        int running = 0;
        int most = 0;
        for (long[] edge : edges) {
            running += (int) edge[1];
            most = Math.max(most, running);
        }
        return most;
    }

    private static long micros(Timestamp timestamp) {
        Instant at = timestamp.toInstant();
        return at.getEpochSecond() * 1_000_000 + at.getNano() / 1_000;
    }

    private static double meanPosition(List<Priority> started, Priority lane) {
        double sum = 0;
        int count = 0;
        for (int i = 0; i < started.size(); i++) {
            if (started.get(i) == lane) {
                sum += i;
                count++;
            }
        }
        return sum / count;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
