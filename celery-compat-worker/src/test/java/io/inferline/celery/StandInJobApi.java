package io.inferline.celery;

import io.micronaut.context.annotation.Requires;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Stands in for the Inferline API in this module's tests (the real one is another deployable; the end-to-end tests
 * in {@code platform} use it): {@code POST /v1/jobs} with the API's idempotency (same key: the same job, 200), and
 * on demand a run of 503s, and a hook that runs before a new job is answered. It records every request it gets.
 */
@Controller("/v1/jobs")
@Requires(property = "spec.name", value = "CeleryWorkerIT")
public class StandInJobApi {

    /** One {@code POST /v1/jobs} as received. */
    public record Request(String idempotencyKey, String authorization, String body, Instant at) {
    }

    static final List<Request> REQUESTS = new ArrayList<>();
    static final Map<String, UUID> JOBS = new ConcurrentHashMap<>();
    static final AtomicInteger UNAVAILABLE = new AtomicInteger();
    static volatile boolean down;
    /** Runs when a new job is accepted, before the answer leaves (so before the worker can record the job). */
    static volatile BeforeAnswer beforeAnswer;

    @FunctionalInterface
    interface BeforeAnswer {
        void accept(String idempotencyKey, UUID jobId, String body) throws Exception;
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    HttpResponse<Map<String, Object>> submit(@Header("Idempotency-Key") String key,
                                             @Header("Authorization") String authorization, @Body String body) {
        synchronized (REQUESTS) {
            REQUESTS.add(new Request(key, authorization, body, Instant.now()));
            REQUESTS.notifyAll();
        }
        if (down || UNAVAILABLE.getAndDecrement() > 0) {
            return HttpResponse.status(HttpStatus.SERVICE_UNAVAILABLE);
        }
        UUID existing = JOBS.get(key);
        if (existing != null) {
            return HttpResponse.ok(job(existing));
        }
        UUID id = UUID.randomUUID();
        JOBS.put(key, id);
        BeforeAnswer hook = beforeAnswer;
        if (hook != null) {
            try {
                hook.accept(key, id, body);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return HttpResponse.accepted().body(job(id));
    }

    @Get("/{id}")
    HttpResponse<Map<String, Object>> get(@PathVariable UUID id) {
        return JOBS.containsValue(id) ? HttpResponse.ok(job(id)) : HttpResponse.notFound();
    }

    private static Map<String, Object> job(UUID id) {
        return Map.of("id", id.toString(), "object", "job", "status", "queued");
    }

    static List<Request> requests(String idempotencyKey) {
        synchronized (REQUESTS) {
            return REQUESTS.stream().filter(r -> r.idempotencyKey().equals(idempotencyKey)).toList();
        }
    }

    /** Waits until a job was accepted for the key; returns its id. */
    static UUID awaitJob(String idempotencyKey, long timeoutMillis) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (!JOBS.containsKey(idempotencyKey)) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("no job was accepted for " + idempotencyKey + "; requests: "
                        + requests(idempotencyKey));
            }
            Thread.sleep(20);
        }
        return JOBS.get(idempotencyKey);
    }

    /** Waits until the task's job was requested {@code count} times; returns those requests. */
    static List<Request> awaitRequests(String idempotencyKey, int count, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMillis;
        synchronized (REQUESTS) {
            while (requests(idempotencyKey).size() < count) {
                long left = deadline - System.currentTimeMillis();
                if (left <= 0) {
                    throw new AssertionError("the job of " + idempotencyKey + " was requested "
                            + requests(idempotencyKey).size() + " times, not " + count + "; all requests: "
                            + new ArrayList<>(REQUESTS));
                }
                REQUESTS.wait(left);
            }
            return requests(idempotencyKey);
        }
    }
}
