package io.inferline.bench;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Inferline's end-to-end workload: {@code threads} threads submit {@code jobs} jobs to {@code POST /v1/jobs}, then
 * wait for each with {@code GET /v1/jobs/{id}} and {@code Prefer: wait=60} (woken by the job's events, not polling)
 * until all are final. The rate is jobs that succeeded per second of the whole run.
 */
public final class JobsEndToEnd {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String apiKey;

    public JobsEndToEnd(String url, String apiKey) {
        this.url = url;
        this.apiKey = apiKey;
    }

    public Measurement run(int threads, int jobs, String model, List<String> finishedIds) throws InterruptedException {
        var succeeded = new ConcurrentLinkedQueue<String>();
        AtomicLong errors = new AtomicLong();
        long started = System.nanoTime();
        var ids = submit(threads, jobs, "{\"model\":\"" + model + "\",\"input\":{\"prompt\":\"Hello\"}}", errors);
        runThreads(threads, client -> {
            String id;
            while ((id = ids.poll()) != null) {
                String status = "queued";
                for (int attempt = 0; attempt < 20 && !isFinal(status); attempt++) {
                    var response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/jobs/" + id))
                            .header("Authorization", "Bearer " + apiKey).header("Prefer", "wait=60").GET().build(),
                            HttpResponse.BodyHandlers.ofString());
                    status = response.statusCode() == 200
                            ? JSON.readTree(response.body()).get("status").asText() : "unreadable";
                }
                if (status.equals("succeeded")) {
                    succeeded.add(id);
                } else {
                    errors.incrementAndGet();
                }
            }
        });
        double seconds = (System.nanoTime() - started) / 1e9;
        finishedIds.addAll(succeeded);
        return new Measurement(succeeded.size(), errors.get(), seconds, 0, 0, Double.NaN);
    }

    /**
     * Submits {@code jobs} jobs of {@code body} from {@code threads} connections; returns the accepted jobs' ids and
     * counts every other answer in {@code errors}.
     */
    ConcurrentLinkedQueue<String> submit(int threads, int jobs, String body, AtomicLong errors)
            throws InterruptedException {
        var ids = new ConcurrentLinkedQueue<String>();
        AtomicInteger toSubmit = new AtomicInteger(jobs);
        runThreads(threads, client -> {
            while (toSubmit.getAndDecrement() > 0) {
                var response = client.send(HttpRequest.newBuilder(URI.create(url + "/v1/jobs"))
                        .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 202) {
                    ids.add(JSON.readTree(response.body()).get("id").asText());
                } else {
                    errors.incrementAndGet();
                }
            }
        });
        return ids;
    }

    private static boolean isFinal(String status) {
        return List.of("succeeded", "failed", "canceled", "expired", "unreadable").contains(status);
    }

    private interface ClientWork {
        void run(HttpClient client) throws IOException, InterruptedException;
    }

    private static void runThreads(int count, ClientWork work) throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            threads.add(Thread.ofPlatform().start(() -> {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    work.run(client);
                } catch (IOException e) {
                    throw new IllegalStateException(e);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
