package io.inferline.api;

import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.KafkaTopics;
import io.inferline.testkit.WebhookReceiver;
import io.lettuce.core.api.StatefulRedisConnection;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.client.HttpClient;
import io.micronaut.http.client.annotation.Client;
import io.micronaut.http.client.exceptions.HttpClientResponseException;
import io.micronaut.json.JsonMapper;
import io.micronaut.test.extensions.junit5.annotation.MicronautTest;
import io.micronaut.test.support.TestPropertyProvider;
import jakarta.inject.Inject;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Webhooks to a real receiver that checks every signature with the npm {@code standardwebhooks} package, with the
 * retry schedule compressed to 300 ms steps. Job events are fed over the real broker as a worker would send them.
 */
@MicronautTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WebhookIT implements TestPropertyProvider {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String KEY = "il_hooks_" + UUID.randomUUID();
    private static final String ROTATING_KEY = "il_hooks_rot_" + UUID.randomUUID();

    private final Infrastructure infrastructure = Infrastructure.shared();
    private WebhookReceiver receiver;

    @Inject
    @Client("/")
    HttpClient http;

    @Inject
    StatefulRedisConnection<String, String> redis;

    @Inject
    JsonMapper json;

    @Override
    public Map<String, String> getProperties() {
        var properties = infrastructure.testProperties("api");
        properties.put("inferline.webhooks.schedule", "0ms,300ms,300ms,300ms");
        properties.put("inferline.webhooks.allowed-networks", "127.0.0.1/32");
        properties.put("inferline.webhooks.timeout", "3s");
        return properties;
    }

    @BeforeAll
    void start() throws Exception {
        for (var key : Map.of(KEY, "tenant-hooks", ROTATING_KEY, "tenant-rotating").entrySet()) {
            var grant = new ApiKeyGrant("key-" + key.getValue(), key.getValue(), Set.of("jobs:write", "jobs:read", "admin"));
            redis.sync().set(ApiKeyGrant.directoryKey(ApiKeyGrant.hash(key.getKey())), json.writeValueAsString(grant));
        }
        receiver = WebhookReceiver.start(Path.of("target"), json.writeValueAsString(secrets(KEY)));
    }

    @AfterAll
    void stop() {
        if (receiver != null) {
            receiver.close();
        }
    }

    @Test
    void onlyTheChosenEventsArriveSignedWithTheTenantsSecret() throws Exception {
        String onlyCompleted = "/ok/" + UUID.randomUUID();
        String both = "/ok/" + UUID.randomUUID();
        String first = submit(KEY, onlyCompleted, "[\"completed\"]");
        String second = submit(KEY, both, "[\"start\",\"completed\"]");

        finish(first, "tenant-hooks");
        finish(second, "tenant-hooks");

        var completed = awaitReceived(r -> onlyCompleted.equals(r.get("path")), 1).get(0);
        assertEquals("job.completed", completed.get("type"));
        assertEquals(List.of(0), completed.get("verified_with"), "the standardwebhooks package verified it");
        Map<?, ?> payload = json.readValue((String) completed.get("body"), Map.class);
        assertEquals("succeeded", ((Map<?, ?>) payload.get("data")).get("status"));
        assertEquals(first, ((Map<?, ?>) payload.get("data")).get("id"));
        assertEquals(Set.of("job.started", "job.completed"), awaitReceived(r -> both.equals(r.get("path")), 2).stream()
                .map(r -> r.get("type")).collect(Collectors.toSet()), "both events, in no promised order");
        Thread.sleep(500);
        assertEquals(1, received(r -> onlyCompleted.equals(r.get("path"))).size(), "no start event was sent");
    }

    @Test
    void failuresAreRetriedWithTheSameWebhookIdAndLogged() throws Exception {
        String path = "/fail/2/" + UUID.randomUUID();
        String job = submit(KEY, path, null);
        finish(job, "tenant-hooks");

        var requests = awaitReceived(r -> path.equals(r.get("path")), 3);
        assertEquals(1, requests.stream().map(r -> r.get("id")).distinct().count(), "one webhook-id on every attempt");
        Map<?, ?> delivery = awaitDelivery(job, "delivered");
        assertEquals(List.of(500, 500, 204), attempts(delivery).stream().map(a -> a.get("status_code")).toList());
        assertEquals("failing on purpose", attempts(delivery).get(0).get("response_body"));

        http.toBlocking().exchange(HttpRequest.POST("/v1/webhooks/deliveries/" + delivery.get("id") + "/replay", "")
                .bearerAuth(KEY));
        var replayed = awaitReceived(r -> path.equals(r.get("path")), 4);
        assertEquals(requests.get(0).get("id"), replayed.get(3).get("id"), "a replay keeps the webhook-id");
    }

    @Test
    void retryAfterIsHonoured() throws Exception {
        String path = "/throttle/2/" + UUID.randomUUID();
        String job = submit(KEY, path, null);
        finish(job, "tenant-hooks");

        var requests = awaitReceived(r -> path.equals(r.get("path")), 2);
        long gapMillis = ((Number) requests.get(1).get("at")).longValue() - ((Number) requests.get(0).get("at")).longValue();
        assertTrue(gapMillis >= 1_900, "waited " + gapMillis + " ms for Retry-After: 2, not the 300 ms schedule");
        assertEquals(List.of(429, 204), attempts(awaitDelivery(job, "delivered")).stream()
                .map(a -> a.get("status_code")).toList());
    }

    @Test
    void aReceiverThatIsGoneIsDisabledAndTheLogShowsWhy() throws Exception {
        Map<?, ?> endpoint = http.toBlocking().retrieve(HttpRequest.POST("/v1/webhooks/endpoints",
                "{\"url\":\"" + receiver.url("/gone/" + UUID.randomUUID()) + "\",\"events\":[\"completed\"]}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(KEY), Map.class);
        String job = submit(KEY, null, null);
        finish(job, "tenant-hooks");

        long deadline = System.nanoTime() + WAIT.toNanos();
        Map<?, ?> current = endpoint;
        while (current.get("disabled_at") == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
            current = ((List<Map<?, ?>>) http.toBlocking().retrieve(HttpRequest.GET("/v1/webhooks/endpoints")
                    .bearerAuth(KEY), Map.class).get("data")).stream()
                    .filter(e -> e.get("id").equals(endpoint.get("id"))).findFirst().orElseThrow();
        }
        assertNotNull(current.get("disabled_at"), "a 410 disables the endpoint");
        Map<?, ?> log = http.toBlocking().retrieve(HttpRequest.GET("/v1/webhooks/endpoints/" + endpoint.get("id")
                + "/deliveries").bearerAuth(KEY), Map.class);
        Map<?, ?> delivery = ((List<Map<?, ?>>) log.get("data")).stream()
                .filter(d -> job.equals(d.get("job_id"))).findFirst().orElseThrow();
        assertEquals("dead", delivery.get("status"));
        assertEquals(410, attempts(delivery).get(0).get("status_code"));
    }

    @Test
    void duringARotationBothSecretsSign() throws Exception {
        List<String> before = secrets(ROTATING_KEY);
        Map<?, ?> rotated = http.toBlocking().retrieve(HttpRequest.POST("/v1/webhooks/secret/rotate", "")
                .bearerAuth(ROTATING_KEY), Map.class);
        List<?> after = (List<?>) rotated.get("secrets");
        assertEquals(2, after.size());
        assertEquals(before.get(0), after.get(1), "the old secret keeps signing during the overlap");

        String path = "/ok/" + UUID.randomUUID();
        receiver.verifyWith(List.of(before.get(0), (String) after.get(0)));
        String job = submit(ROTATING_KEY, path, null);
        finish(job, "tenant-rotating");

        var request = awaitReceived(r -> path.equals(r.get("path")), 1).get(0);
        assertEquals(List.of(0, 1), request.get("verified_with"), "verifies with the old and with the new secret");
        receiver.verifyWith(secrets(KEY));
    }

    @Test
    void internalAddressesAreRefused() {
        for (String url : List.of("http://169.254.169.254/latest/meta-data/", "http://10.0.0.1/hook")) {
            var e = assertThrows(HttpClientResponseException.class, () -> http.toBlocking().exchange(
                    HttpRequest.POST("/v1/jobs", "{\"model\":\"sim-chat\",\"input\":{},\"webhook\":\"" + url + "\"}")
                            .contentType(MediaType.APPLICATION_JSON).bearerAuth(KEY), String.class));
            assertEquals(HttpStatus.UNPROCESSABLE_ENTITY, e.getStatus(), url);
            assertTrue(e.getResponse().getBody(String.class).orElseThrow().contains("\"field\":\"webhook\""));
        }
    }

    private List<String> secrets(String key) {
        return ((List<?>) http.toBlocking().retrieve(HttpRequest.GET("/v1/webhooks/secret").bearerAuth(key), Map.class)
                .get("secrets")).stream().map(String::valueOf).toList();
    }

    private String submit(String key, String receiverPath, String filter) {
        String webhook = receiverPath == null ? "" : ",\"webhook\":\"" + receiver.url(receiverPath) + "\""
                + (filter == null ? "" : ",\"webhook_events_filter\":" + filter);
        return (String) http.toBlocking().retrieve(HttpRequest.POST("/v1/jobs",
                        "{\"model\":\"sim-chat\",\"input\":{}" + webhook + "}")
                .contentType(MediaType.APPLICATION_JSON).bearerAuth(key), Map.class).get("id");
    }

    private void finish(String id, String tenant) throws Exception {
        var request = new JobRequested(UUID.fromString(id), tenant, "sim-chat", "simulator", "sim", Priority.NORMAL,
                Map.of(), 1, Instant.now(), null, null, null, null);
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.running(request, Instant.now())));
        KafkaTopics.send(infrastructure.kafkaBootstrapServers(), Topics.JOB_EVENTS, id,
                json.writeValueAsString(JobEvent.succeeded(request, Map.of("text", "done"), null, Instant.now())));
    }

    private List<Map<?, ?>> received(Predicate<Map<?, ?>> match) throws Exception {
        List<Map> all = json.readValue(receiver.receivedJson(), Argument.listOf(Map.class));
        return all.stream().<Map<?, ?>>map(m -> m).filter(match).toList();
    }

    private List<Map<?, ?>> awaitReceived(Predicate<Map<?, ?>> match, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Map<?, ?>> found = received(match);
        while (found.size() < count && System.nanoTime() < deadline) {
            Thread.sleep(100);
            found = received(match);
        }
        assertEquals(count, found.size(), "requests received: " + found);
        return found;
    }

    private Map<?, ?> awaitDelivery(String job, String status) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            Map<?, ?> log = http.toBlocking().retrieve(HttpRequest.GET("/v1/jobs/" + job + "/deliveries").bearerAuth(KEY), Map.class);
            var deliveries = (List<Map<?, ?>>) log.get("data");
            if (!deliveries.isEmpty() && status.equals(deliveries.get(0).get("status"))) {
                return deliveries.get(0);
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("no " + status + " delivery for job " + job + ": " + log);
            }
            Thread.sleep(100);
        }
    }

    private static List<Map<?, ?>> attempts(Map<?, ?> delivery) {
        return (List<Map<?, ?>>) delivery.get("attempts");
    }
}
