package io.inferline.platform;

import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.regex.Pattern;

/** Submits and polls jobs on a service process with the JDK's HTTP client, as any other client would. */
record JobsOverHttp(ServiceProcess api, String apiKey) {

    /** Submits the body; returns the new job's id, failing on anything but 202. */
    String submit(String body) throws Exception {
        var response = api.send(HttpRequest.newBuilder(api.uri("/v1/jobs"))
                .header("Authorization", "Bearer " + apiKey)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)));
        if (response.statusCode() != 202) {
            throw new AssertionError("expected 202, got " + response.statusCode() + ": " + response.body());
        }
        return field(response.body(), "id");
    }

    /** The job's JSON once it is final, or as it is when {@code timeout} has passed. */
    String awaitFinal(String id, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String body;
        do {
            var response = api.send(HttpRequest.newBuilder(api.uri("/v1/jobs/" + id))
                    .header("Authorization", "Bearer " + apiKey).header("Prefer", "wait=5").GET());
            body = response.body();
            if (response.statusCode() == 503) { // a dependency coming back: ask again, as Retry-After says
                Thread.sleep(1_000);
                continue;
            }
            String status = field(body, "status");
            if (!status.equals("queued") && !status.equals("running")) {
                return body;
            }
        } while (System.nanoTime() < deadline);
        return body;
    }

    static String field(String json, String name) {
        var matcher = Pattern.compile("\"" + name + "\":\"([^\"]*)\"").matcher(json);
        return matcher.find() ? matcher.group(1) : "";
    }
}
