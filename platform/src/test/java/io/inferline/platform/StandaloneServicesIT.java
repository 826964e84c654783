package io.inferline.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code auth}, {@code api} and {@code inference} each run alone from their jar ({@code java -jar}) with settings
 * from the environment only, as their containers will, and together carry a job from submission to success.
 */
class StandaloneServicesIT {

    private static final String API_KEY = "il_standalone_" + System.nanoTime();

    private static JobPathServices services;

    @BeforeAll
    static void startServices() throws Exception {
        services = JobPathServices.start(API_KEY, Map.of());
    }

    @AfterAll
    static void stopServices() throws InterruptedException {
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theServicesRunAJobTogether() throws Exception {
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        String id = jobs.submit("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"standalone\"}}");

        String body = jobs.awaitFinal(id, Duration.ofSeconds(30));

        assertEquals("succeeded", JobsOverHttp.field(body, "status"), body);
        assertTrue(body.contains("\"simulated\":true"), body);
    }
}
