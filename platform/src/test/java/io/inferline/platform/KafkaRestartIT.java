package io.inferline.platform;

import io.inferline.testkit.RestartableKafka;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The Kafka broker dies (SIGKILL) while jobs are queued and running, stays away while more jobs are submitted,
 * and comes back on the same port with the same data. Submissions during the outage still get 202 (the outbox
 * holds them) and every accepted job ends {@code succeeded} once the broker is back.
 */
class KafkaRestartIT {

    private static final String API_KEY = "il_kafka_restart_" + System.nanoTime();
    private static final int JOBS_BEFORE = 10;
    private static final int JOBS_DURING = 10;
    private static final Duration OUTAGE = Duration.ofSeconds(15);

    private static RestartableKafka kafka;
    private static JobPathServices services;

    @BeforeAll
    static void startServices() throws Exception {
        kafka = RestartableKafka.launch();
        var onThisBroker = Map.of("INFERLINE_KAFKA_BOOTSTRAP_SERVERS", kafka.bootstrapServers());
        var inference = new HashMap<>(onThisBroker);
        // about 3 s of work for the first jobs, so the broker dies while some run and some wait
        inference.put("INFERLINE_SIMULATOR_LATENCY", "1s");
        inference.put("INFERLINE_INFERENCE_MAX_IN_FLIGHT", "3");
        services = JobPathServices.start(API_KEY, inference, onThisBroker);
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (services != null) {
            services.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void everyAcceptedJobEndsAlthoughTheBrokerWasAwayWhileJobsRanAndArrived() throws Exception {
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < JOBS_BEFORE; i++) {
            accepted.add(jobs.submit(job("before " + i)));
        }
        awaitAnyRunning(accepted);

        kafka.kill();
        long outageEnds = System.nanoTime() + OUTAGE.toNanos();
        for (int i = 0; i < JOBS_DURING; i++) {
            accepted.add(jobs.submit(job("during " + i))); // fails on anything but 202
        }
        Thread.sleep(Math.max(0, (outageEnds - System.nanoTime()) / 1_000_000));
        kafka.start();

        List<String> statuses = new ArrayList<>();
        for (String id : accepted) {
            statuses.add(JobsOverHttp.field(jobs.awaitFinal(id, Duration.ofSeconds(120)), "status"));
        }
        assertEquals(accepted.size(), statuses.stream().filter("succeeded"::equals).count(),
                "accepted " + accepted.size() + ", final states: " + statuses);
    }

    private static void awaitAnyRunning(List<String> ids) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            for (String id : ids) {
                String status = JobsOverHttp.field(services.api().send(HttpRequest.newBuilder(
                        services.api().uri("/v1/jobs/" + id)).header("Authorization", "Bearer " + API_KEY).GET())
                        .body(), "status");
                if (status.equals("running")) {
                    return;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no job started");
    }

    private static String job(String prompt) {
        return "{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"" + prompt + "\"}}";
    }
}
