package io.inferline.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Durability with a real process failure: the API is killed with SIGKILL right after it accepted a burst of
 * jobs, most of them still queued behind a slow worker, and restarted. Every job that got a 202 must end.
 */
class ApiCrashIT {

    private static final String API_KEY = "il_crash_" + System.nanoTime();
    private static final int JOBS = 40;

    private static ServiceProcess auth;
    private static ServiceProcess inference;
    private static ServiceProcess api;

    @BeforeAll
    static void startServices() throws Exception {
        auth = ServiceProcess.start("auth", Map.of("INFERLINE_BOOTSTRAP_API_KEY", API_KEY));
        // about 4 s of work in all, so the API dies while most jobs are still queued
        inference = ServiceProcess.start("inference", Map.of("INFERLINE_SIMULATOR_LATENCY", "100ms"));
        api = ServiceProcess.start("api", Map.of());
        for (ServiceProcess service : new ServiceProcess[]{auth, inference, api}) {
            service.awaitReady();
        }
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        for (ServiceProcess service : new ServiceProcess[]{api, inference, auth}) {
            if (service != null) {
                service.close();
            }
        }
    }

    @Test
    void everyAcceptedJobEndsAlthoughTheApiDiedRightAfterAcceptingIt() throws Exception {
        var jobs = new JobsOverHttp(api, API_KEY);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            accepted.add(jobs.submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"crash " + i + "\"}}"));
        }

        api.kill();
        api.restart();
        api.awaitReady();

        List<String> statuses = new ArrayList<>();
        for (String id : accepted) {
            statuses.add(JobsOverHttp.field(jobs.awaitFinal(id, Duration.ofSeconds(60)), "status"));
        }
        assertEquals(JOBS, statuses.stream().filter("succeeded"::equals).count(),
                "accepted " + JOBS + ", final states: " + statuses);
    }
}
