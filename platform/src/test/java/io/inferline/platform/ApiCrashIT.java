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

    private static JobPathServices services;

    @BeforeAll
    static void startServices() throws Exception {
        // about 4 s of work in all, so the API dies while most jobs are still queued
        services = JobPathServices.start(API_KEY, Map.of("INFERLINE_SIMULATOR_LATENCY", "100ms"));
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void everyAcceptedJobEndsAlthoughTheApiDiedRightAfterAcceptingIt() throws Exception {
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        List<String> accepted = new ArrayList<>();
        for (int i = 0; i < JOBS; i++) {
            accepted.add(jobs.submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"crash " + i + "\"}}"));
        }

        services.api().kill();
        services.api().restart();
        services.api().awaitReady();

        List<String> statuses = new ArrayList<>();
        for (String id : accepted) {
            statuses.add(JobsOverHttp.field(jobs.awaitFinal(id, Duration.ofSeconds(60)), "status"));
        }
        assertEquals(JOBS, statuses.stream().filter("succeeded"::equals).count(),
                "accepted " + JOBS + ", final states: " + statuses);
    }
}
