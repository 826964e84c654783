package io.inferline.platform;

import io.inferline.testkit.WebhookReceiver;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A webhook survives the death of the API process that was delivering it: the receiver fails the first attempt,
 * the API is killed with SIGKILL before the retry is due, and the restarted API delivers it with the same id.
 */
class WebhookRestartIT {

    private static final String API_KEY = "il_webhook_restart_" + System.nanoTime();
    private static final JsonMapper JSON = JsonMapper.createDefault();

    private static JobPathServices services;
    private static WebhookReceiver receiver;

    @BeforeAll
    static void start() throws Exception {
        services = JobPathServices.start(API_KEY, Map.of(), Map.of(
                "INFERLINE_WEBHOOKS_SCHEDULE", "0ms,4s",
                "INFERLINE_WEBHOOKS_ALLOWED_NETWORKS", "127.0.0.1/32"));
        String secrets = services.api().send(HttpRequest.newBuilder(services.api().uri("/v1/webhooks/secret"))
                .header("Authorization", "Bearer " + API_KEY).GET()).body();
        receiver = WebhookReceiver.start(Path.of("target"),
                JSON.writeValueAsString(JSON.readValue(secrets, Map.class).get("secrets")));
    }

    @AfterAll
    static void stop() throws InterruptedException {
        if (receiver != null) {
            receiver.close();
        }
        if (services != null) {
            services.close();
        }
    }

    @Test
    void theRestartedApiDeliversWhatTheDeadOneStarted() throws Exception {
        String path = "/fail/1/" + UUID.randomUUID();
        var jobs = new JobsOverHttp(services.api(), API_KEY);
        jobs.submit("{\"model\":\"sim-chat\",\"input\":{\"max_tokens\":1},\"webhook\":\"" + receiver.url(path) + "\"}");

        List<Map> first = awaitRequests(path, 1);
        Thread.sleep(1_000); // the failed attempt is recorded; its retry is due in 4 s
        services.api().kill();
        services.api().restart();
        services.api().awaitReady();

        List<Map> both = awaitRequests(path, 2);
        assertEquals(first.get(0).get("id"), both.get(1).get("id"), "the same webhook-id, so receivers can deduplicate");
        assertEquals(List.of(0), both.get(1).get("verified_with"));
    }

    private static List<Map> awaitRequests(String path, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        List<Map> found;
        do {
            found = JSON.readValue(receiver.receivedJson(), Argument.listOf(Map.class)).stream()
                    .filter(r -> path.equals(r.get("path"))).toList();
            if (found.size() >= count) {
                return found;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " requests to " + path + ", got " + found);
    }
}
