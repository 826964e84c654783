package io.inferline.platform;

import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.OpenAiCompatibleServer;
import io.inferline.testkit.WebhookReceiver;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import java.util.stream.LongStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A job that asks for {@code "stream": true}, end to end in the all-in-one process: the worker streams the answer
 * from a real OpenAI-compatible server whose tokens come with pauses, the pieces travel over Kafka and Redis to
 * the job's Server-Sent Events between {@code running} and {@code succeeded}, and become signed {@code job.output}
 * webhooks. A job that does not ask to stream shows only its states.
 */
class StreamedJobOutputIT {

    private static final String API_KEY = "il_dev_streamed_output_key";
    private static final String ANSWER = "Streams arrive in pieces and the pieces make the whole answer";
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final JsonMapper JSON = JsonMapper.createDefault();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private static ApplicationContext context;
    private static OpenAiCompatibleServer upstream;
    private static WebhookReceiver receiver;
    private static URI base;
    private static String model;

    @BeforeAll
    static void start() throws Exception {
        upstream = OpenAiCompatibleServer.start().answer(ANSWER).tokenDelay(Duration.ofMillis(120));
        Map<String, Object> properties = PlatformProperties.of(Infrastructure.shared(), JobLifecycleIT.freePort(), API_KEY);
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        base = context.getBean(EmbeddedServer.class).getURL().toURI();
        Map<?, ?> secrets = JSON.readValue(send("GET", "/v1/webhooks/secret", null).body(), Map.class);
        receiver = WebhookReceiver.start(Path.of("target"), JSON.writeValueAsString(secrets.get("secrets")));
        model = "streaming-" + UUID.randomUUID().toString().substring(0, 8);
        var registered = send("PUT", "/v1/admin/models/" + model, "{\"task\":\"chat\",\"versions\":[{\"version\":\"1\","
                + "\"backend_kind\":\"openai-compatible\",\"endpoint\":\"" + upstream.v1Url() + "\",\"pool\":\"sim\","
                + "\"upstream_model\":\"test-model\"}]}");
        assertEquals(200, registered.statusCode(), registered.body());
    }

    @AfterAll
    static void stop() {
        if (receiver != null) {
            receiver.close();
        }
        if (context != null) {
            context.close();
        }
        if (upstream != null) {
            upstream.close();
        }
    }

    @Test
    void aStreamingJobSendsThePiecesOfItsAnswerBetweenRunningAndSucceeded() throws Exception {
        String hook = "/ok/" + UUID.randomUUID();
        String id = submit("{\"model\":\"" + model + "\",\"input\":{\"stream\":true,\"messages\":[{\"role\":\"user\","
                + "\"content\":\"tell me\"}]},\"webhook\":\"" + receiver.url(hook)
                + "\",\"webhook_events_filter\":[\"output\",\"completed\"]}");

        List<SseEvent> events = events(id);

        List<String> names = events.stream().map(SseEvent::name).toList();
        assertEquals("succeeded", names.getLast(), names.toString());
        int running = names.indexOf("running");
        assertTrue(running >= 0, "running is reported: " + names);
        var outputs = events.subList(running + 1, events.size() - 1);
        assertTrue(outputs.size() >= 2 && outputs.stream().allMatch(e -> e.name().equals("output")),
                "several pieces, and only pieces, between running and succeeded: " + names);
        List<Map<?, ?>> pieces = outputs.stream().<Map<?, ?>>map(SseEvent::data).toList();
        assertEquals(LongStream.rangeClosed(1, pieces.size()).boxed().toList(),
                pieces.stream().map(p -> ((Number) p.get("seq")).longValue()).toList());
        assertTrue(pieces.stream().allMatch(p -> id.equals(p.get("job_id")) && Integer.valueOf(1).equals(p.get("attempt"))));
        String joined = pieces.stream().map(p -> (String) p.get("delta")).collect(Collectors.joining());
        Map<?, ?> output = (Map<?, ?>) events.getLast().data().get("output");
        assertEquals(output.get("text"), joined, "the pieces make the final output");
        assertEquals(ANSWER, joined);

        List<Map<?, ?>> hooks = awaitWebhooks(hook, pieces.size() + 1);
        assertTrue(hooks.stream().allMatch(h -> List.of(0).equals(h.get("verified_with"))), "all signed: " + hooks);
        List<Map<?, ?>> outputHooks = hooks.stream().filter(h -> "job.output".equals(h.get("type")))
                .<Map<?, ?>>map(h -> (Map<?, ?>) body(h).get("data"))
                .sorted(Comparator.comparingLong(d -> ((Number) d.get("seq")).longValue())).toList();
        assertEquals(pieces.size(), outputHooks.size(), "one job.output delivery per piece: " + hooks);
        assertEquals(ANSWER, outputHooks.stream().map(d -> (String) d.get("delta")).collect(Collectors.joining()));
        assertTrue(outputHooks.stream().allMatch(d -> id.equals(d.get("job_id")) && d.get("status") != null));
        assertEquals(1, hooks.stream().filter(h -> "job.completed".equals(h.get("type"))).count());
    }

    @Test
    void aJobThatDoesNotAskToStreamShowsOnlyItsStates() throws Exception {
        String id = submit("{\"model\":\"" + model + "\",\"input\":{\"messages\":[{\"role\":\"user\","
                + "\"content\":\"tell me all at once\"}]}}");

        List<String> names = events(id).stream().map(SseEvent::name).toList();

        assertEquals("succeeded", names.getLast(), names.toString());
        assertTrue(names.stream().noneMatch("output"::equals), names.toString());
    }

    private record SseEvent(String name, Map<?, ?> data) {
    }

    /** The job's event stream from start to end, read as a client would. */
    private static List<SseEvent> events(String id) throws Exception {
        var response = HTTP.send(HttpRequest.newBuilder(base.resolve("/v1/jobs/" + id + "/events"))
                .header("Authorization", "Bearer " + API_KEY).timeout(WAIT).GET().build(),
                HttpResponse.BodyHandlers.ofLines());
        assertEquals(200, response.statusCode());
        var events = new ArrayList<SseEvent>();
        String name = null;
        for (String line : (Iterable<String>) response.body()::iterator) {
            if (line.startsWith("event:")) {
                name = line.substring("event:".length()).trim();
            } else if (line.startsWith("data:")) {
                events.add(new SseEvent(name, JSON.readValue(line.substring("data:".length()).trim(), Map.class)));
            }
        }
        return events;
    }

    /** Submits the job, asking again while the API has not yet heard of the model registered at start. */
    private static String submit(String body) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        HttpResponse<String> answer;
        do {
            answer = send("POST", "/v1/jobs", body);
            if (answer.statusCode() == 202) {
                return (String) JSON.readValue(answer.body(), Map.class).get("id");
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected 202, got " + answer.statusCode() + ": " + answer.body());
    }

    private static HttpResponse<String> send(String method, String path, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(base.resolve(path)).header("Authorization", "Bearer " + API_KEY)
                .header("Content-Type", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static List<Map<?, ?>> awaitWebhooks(String path, int count) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        List<Map<?, ?>> received;
        do {
            received = JSON.readValue(receiver.receivedJson(), Argument.listOf(Argument.mapOf(String.class, Object.class)))
                    .stream().filter(r -> path.equals(r.get("path"))).<Map<?, ?>>map(r -> r).toList();
            if (received.size() >= count) {
                return received;
            }
            Thread.sleep(200);
        } while (System.nanoTime() < deadline);
        throw new AssertionError("expected " + count + " webhooks at " + path + ", got " + received);
    }

    private static Map<?, ?> body(Map<?, ?> received) {
        try {
            return JSON.readValue((String) received.get("body"), Map.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
