package io.inferline.celery.adapter.http;

import io.inferline.celery.application.JobSubmitter;
import io.inferline.celery.config.CeleryProperties;
import io.inferline.celery.domain.JobOutcome;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The Inferline job API over HTTP, as any client calls it: {@code POST /v1/jobs} with the worker's API key and an
 * {@code Idempotency-Key}, {@code GET /v1/jobs/{id}}. A 2xx means the job is stored with the message that queues
 * it; a 4xx other than 401, 403, 408 and 429 is final; anything else is worth asking again.
 */
@Singleton
class ApiJobSubmitter implements JobSubmitter {

    private static final Logger LOG = LoggerFactory.getLogger(ApiJobSubmitter.class);
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Argument<Map<String, Object>> OBJECT = Argument.mapOf(String.class, Object.class);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
            .version(HttpClient.Version.HTTP_1_1).build();
    private final CeleryProperties properties;
    private final JsonMapper json;

    ApiJobSubmitter(CeleryProperties properties, JsonMapper json) {
        this.properties = properties;
        this.json = json;
    }

    @Override
    public Submission submit(String idempotencyKey, String jobRequest) {
        HttpResponse<String> response;
        try {
            response = http.send(request("/v1/jobs").header("Idempotency-Key", idempotencyKey)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(jobRequest)).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            return new Unavailable("cannot reach the API at " + properties.getApiUrl() + ": " + e, null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Unavailable("interrupted", null);
        }
        int status = response.statusCode();
        if (status == 200 || status == 202) {
            return new Accepted(outcome(read(response.body())));
        }
        if (status == 401 || status == 403) {
            LOG.error("the API refuses the worker's key ({}): check INFERLINE_CELERY_API_KEY; tasks wait meanwhile",
                    status);
            return new Unavailable("API key refused (" + status + ")", Duration.ofSeconds(5));
        }
        if (status >= 400 && status < 500 && status != 408 && status != 425 && status != 429) {
            return new Refused(status, detail(response.body()));
        }
        return new Unavailable("the API answered " + status, retryAfter(response));
    }

    @Override
    public Optional<JobOutcome> find(UUID jobId) {
        try {
            var response = http.send(request("/v1/jobs/" + jobId).GET().build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new IllegalStateException("GET /v1/jobs/" + jobId + " answered " + response.statusCode());
            }
            return Optional.of(outcome(read(response.body())));
        } catch (IOException e) {
            throw new IllegalStateException("cannot reach the API: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(properties.getApiUrl().replaceAll("/+$", "") + path))
                .timeout(TIMEOUT).header("Accept", "application/json")
                .header("Authorization", "Bearer " + properties.getApiKey());
    }

    @SuppressWarnings("unchecked")
    private static JobOutcome outcome(Map<String, Object> job) {
        Map<String, Object> error = job.get("error") instanceof Map<?, ?> e ? (Map<String, Object>) e : null;
        Object finished = job.get("finished_at");
        return new JobOutcome(UUID.fromString(String.valueOf(job.get("id"))), null,
                JobStatus.fromWireName(String.valueOf(job.get("status"))),
                job.get("output") instanceof Map<?, ?> output ? (Map<String, Object>) output : null,
                error == null ? null : (String) error.get("type"), error == null ? null : (String) error.get("message"),
                finished == null ? null : Instant.parse(String.valueOf(finished)));
    }

    private Map<String, Object> read(String body) {
        try {
            return json.readValue(body, OBJECT);
        } catch (IOException e) {
            throw new IllegalStateException("the API answered with something that is not a job: " + body, e);
        }
    }

    /** The problem's detail, with the fields at fault. */
    private String detail(String body) {
        try {
            Map<String, Object> problem = json.readValue(body, OBJECT);
            Object detail = problem.getOrDefault("detail", problem.get("title"));
            return detail == null ? body : String.valueOf(detail);
        } catch (IOException | RuntimeException e) {
            return body;
        }
    }

    private static Duration retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        }).orElse(null);
    }
}
