package io.inferline.platform;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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

    @Test
    void aKeyCreatedInAuthWorksOnTheApiUntilItIsRevoked() throws Exception {
        var created = services.auth().send(HttpRequest.newBuilder(services.auth().uri("/v1/keys"))
                .header("Authorization", "Bearer " + API_KEY).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"scopes\":[\"jobs:write\",\"jobs:read\"]}"))).body();
        String key = JobsOverHttp.field(created, "key");
        String id = JobsOverHttp.field(created, "id");
        var jobs = new JobsOverHttp(services.api(), key);
        jobs.submit("{\"model\":\"sim-chat\",\"input\":{}}");

        services.auth().send(HttpRequest.newBuilder(services.auth().uri("/v1/keys/" + id))
                .header("Authorization", "Bearer " + API_KEY).DELETE());

        var refused = awaitStatus(key, 401);
        assertEquals(401, refused.statusCode(), "the API replica refuses a revoked key: " + refused.body());
    }

    /**
     * Bounded: the API replica may answer from memory until auth's change notice reaches it (milliseconds), or for
     * at most its 1 s maximum age if the notice were lost.
     */
    private static HttpResponse<String> awaitStatus(String key, int status) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(2).toNanos();
        while (true) {
            var response = services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/jobs"))
                    .header("Authorization", "Bearer " + key).GET());
            if (response.statusCode() == status || System.nanoTime() > deadline) {
                return response;
            }
            Thread.sleep(20);
        }
    }
}
