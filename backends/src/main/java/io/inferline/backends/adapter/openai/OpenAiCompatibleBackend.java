package io.inferline.backends.adapter.openai;

import io.inferline.backends.application.CircuitPublisher;
import io.inferline.backends.application.EndpointCircuits;
import io.inferline.backends.config.OpenAiBackendProperties;
import io.inferline.backends.config.OpenAiCircuitProperties;
import io.inferline.backends.domain.Backend;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import io.inferline.backends.domain.CircuitBreaker;
import io.inferline.backends.domain.RetryPolicy;
import io.inferline.backends.domain.ServedVersion;
import io.inferline.common.json.JsonObjects;
import io.micronaut.core.annotation.Nullable;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Any OpenAI-compatible HTTP server (OpenAI, vLLM, TensorRT-LLM's OpenAI front end, DeepSeek, ...): the model's task
 * picks {@code /v1/chat/completions}, {@code /v1/completions} or {@code /v1/embeddings} under the version's endpoint,
 * and {@code model} is the version's upstream model. A call streams when its input asks for {@code stream} or its
 * caller listens for chunks; the whole answer is returned either way. Each attempt may take the version's timeout
 * (else {@code default-timeout}). Connect errors, 429 and 5xx are retried with backoff (see {@link RetryPolicy}),
 * never once a chunk reached the caller; an endpoint failing again and again opens its circuit (see
 * {@link OpenAiCircuitProperties}), which fails calls fast and is published for the routers. An interrupt aborts the
 * HTTP request at once.
 */
@Singleton
class OpenAiCompatibleBackend implements Backend {

    static final String TIMEOUT = "backend_timeout";
    static final String UNAVAILABLE = "backend_unavailable";
    static final String RATE_LIMITED = "backend_rate_limited";
    static final String ERROR = "backend_error";
    static final String REJECTED = "backend_rejected";

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiCompatibleBackend.class);
    private static final int MAX_ERROR_BODY = 64 * 1024;

    private final Set<String> kinds;
    private final Duration defaultTimeout;
    private final RetryPolicy retries;
    private final EndpointCircuits circuits;
    private final ApiKeys apiKeys;
    private final JsonObjects json;
    private final Clock clock;
    private final HttpClient http;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("openai-stream-timeouts").factory());

    OpenAiCompatibleBackend(OpenAiBackendProperties properties, OpenAiCircuitProperties circuit, ApiKeys apiKeys,
                            JsonObjects json, Clock clock, @Nullable CircuitPublisher publisher) {
        this.kinds = Set.copyOf(properties.getKinds());
        this.defaultTimeout = properties.getDefaultTimeout();
        this.retries = new RetryPolicy(properties.getMaxAttempts(), properties.getInitialBackoff(),
                properties.getMaxBackoff(), properties.getMaxRetryAfter());
        this.circuits = new EndpointCircuits(new CircuitBreaker.Settings(circuit.getFailureThreshold(),
                circuit.getFailureRate(), circuit.getWindow(), circuit.getMinimumCalls(), circuit.getOpenDuration()),
                clock, publisher);
        this.apiKeys = apiKeys;
        this.json = json;
        this.clock = clock;
        // HTTP/1.1: an aborted call then closes its own connection, which is what tells the server to stop generating.
        // The direct executor lets the client's selector thread complete a response itself instead of handing each
        // one to a pool thread first: callers only wait on the future or read the body stream (whose subscriber
        // never blocks), so nothing slow runs there, and the hop cost ~15% of the api's CPU per sync call.
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).executor(Runnable::run)
                .connectTimeout(properties.getConnectTimeout()).followRedirects(HttpClient.Redirect.NEVER).build();
    }

    @Override
    public Set<String> kinds() {
        return kinds;
    }

    @Override
    public BackendResult invoke(BackendCall call) throws BackendException, InterruptedException {
        BackendTarget target = call.target();
        OpenAiRoute route = OpenAiRoute.forTask(target.task()).orElseThrow(() -> new BackendException(REJECTED,
                "model '" + call.model() + "' has task '" + target.task() + "', which OpenAI-compatible servers do not serve"));
        if (target.endpoint() == null) {
            throw new BackendException(UNAVAILABLE, "model '" + call.model() + "' has no endpoint: the registry must give "
                    + "its version the server's base URL");
        }
        String upstreamModel = target.upstreamModel() != null ? target.upstreamModel() : call.model();
        boolean stream = route.streams()
                && (Boolean.TRUE.equals(call.input().get("stream")) || call.chunks() != ChunkListener.NONE);
        Duration timeout = target.timeout() != null ? target.timeout() : defaultTimeout;
        HttpRequest request = request(call, route, upstreamModel, stream, timeout);
        String endpoint = OpenAiRoute.baseUrl(target.endpoint());
        var circuit = circuits.forEndpoint(endpoint,
                target.version() == null ? null : new ServedVersion(call.model(), target.version()));
        for (int attempt = 1; ; attempt++) {
            if (!circuit.tryAcquire()) {
                throw new BackendException(UNAVAILABLE, "the circuit of " + endpoint + " is open after repeated failures "
                        + "(until " + circuit.openUntil() + "): not calling it");
            }
            StreamedAnswer answer = stream ? new StreamedAnswer(route, call.chunks(), upstreamModel) : null;
            try {
                BackendResult result = stream ? streamOnce(request, timeout, answer) : callOnce(request, timeout, route, upstreamModel);
                circuit.succeeded();
                return result;
            } catch (AttemptFailed failed) {
                if (failed.endpointFault()) {
                    circuit.failed();
                } else {
                    circuit.succeeded();
                }
                if (!failed.retryable() || (answer != null && answer.forwardedAny()) || attempt >= retries.maxAttempts()) {
                    throw failed.error();
                }
                Duration wait = retries.delay(attempt, failed.retryAfter(), clock, ThreadLocalRandom.current());
                LOG.debug("attempt {} of {} to {} failed ({}); retrying in {} ms", attempt, retries.maxAttempts(),
                        request.uri(), failed.error().type(), wait.toMillis());
                Thread.sleep(wait);
            } catch (InterruptedException e) {
                circuit.abandoned();
                throw e;
            } catch (RuntimeException e) {
                circuit.abandoned();
                throw e;
            }
        }
    }

    private HttpRequest request(BackendCall call, OpenAiRoute route, String upstreamModel, boolean stream, Duration timeout) {
        var body = new LinkedHashMap<String, Object>(call.input());
        body.put("model", upstreamModel);
        body.remove("stream");
        body.remove("stream_options");
        if (stream) {
            body.put("stream", true);
            var options = new LinkedHashMap<String, Object>();
            if (call.input().get("stream_options") instanceof Map<?, ?> given) {
                given.forEach((k, v) -> options.put(String.valueOf(k), v));
            }
            options.put("include_usage", true);
            body.put("stream_options", options);
        }
        URI uri = route.under(call.target().endpoint());
        var builder = HttpRequest.newBuilder(uri).timeout(timeout)
                .header("Content-Type", "application/json")
                .header("Accept", stream ? "text/event-stream" : "application/json")
                .header("User-Agent", "inferline")
                .header("X-Request-Id", call.requestId().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json.write(body)));
        apiKeys.forCall(call.model(), uri).ifPresent(key -> builder.header("Authorization", "Bearer " + key));
        return builder.build();
    }

    private BackendResult callOnce(HttpRequest request, Duration timeout, OpenAiRoute route, String model)
            throws AttemptFailed, InterruptedException {
        HttpResponse<String> response = await(http.sendAsync(request, HttpResponse.BodyHandlers.ofString()), timeout, request);
        Map<String, Object> body = parse(response.body());
        if (response.statusCode() / 100 != 2) {
            throw statusFailure(request, response.statusCode(), response.headers(), body);
        }
        if (body == null) {
            throw new AttemptFailed(new BackendException(ERROR, request.uri() + " answered " + response.statusCode()
                    + " with a body that is not a JSON object"), false, true, null);
        }
        Map<String, Object> output = route == OpenAiRoute.EMBEDDING ? Answers.embeddings(body, model)
                : Answers.generation(body, route, model);
        return new BackendResult(output, Answers.usage(body.get("usage")));
    }

    private BackendResult streamOnce(HttpRequest request, Duration timeout, StreamedAnswer answer)
            throws AttemptFailed, InterruptedException {
        long started = System.nanoTime();
        HttpResponse<InputStream> response = await(http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream()),
                timeout, request);
        InputStream in = response.body();
        var timedOut = new AtomicBoolean();
        long remaining = Math.max(1, timeout.toNanos() - (System.nanoTime() - started));
        ScheduledFuture<?> guard = watchdog.schedule(() -> {
            timedOut.set(true);
            closeQuietly(in);
        }, remaining, TimeUnit.NANOSECONDS);
        boolean done = false;
        try {
            if (response.statusCode() / 100 != 2) {
                String text = new String(in.readNBytes(MAX_ERROR_BODY), StandardCharsets.UTF_8);
                throw statusFailure(request, response.statusCode(), response.headers(), parse(text));
            }
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (Thread.currentThread().isInterrupted()) {
                    throw new InterruptedException("interrupted while reading the stream from " + request.uri());
                }
                if (!line.startsWith("data:")) {
                    continue;
                }
                String data = line.substring(5).trim();
                if (data.equals("[DONE]")) {
                    done = true;
                    break;
                }
                Map<String, Object> chunk = data.isEmpty() ? null : parse(data);
                if (chunk != null && chunk.get("error") != null) {
                    throw new AttemptFailed(new BackendException(ERROR, request.uri() + " reported an error mid-stream: "
                            + Answers.errorMessage(chunk)), true, true, null);
                }
                if (chunk != null) {
                    answer.accept(chunk);
                }
            }
        } catch (IOException e) {
            if (Thread.interrupted()) {
                throw new InterruptedException("interrupted while reading the stream from " + request.uri());
            }
            if (!timedOut.get()) {
                throw new AttemptFailed(new BackendException(UNAVAILABLE, "the stream from " + request.uri()
                        + " broke off: " + e.getMessage()), true, true, null);
            }
        } finally {
            guard.cancel(false);
            closeQuietly(in);
        }
        if (timedOut.get()) {
            throw timedOut(request, timeout);
        }
        if (!done && !answer.finished()) {
            throw new AttemptFailed(new BackendException(UNAVAILABLE, "the stream from " + request.uri()
                    + " ended before the answer did"), true, true, null);
        }
        return new BackendResult(answer.complete(), answer.usage());
    }

    private <T> HttpResponse<T> await(CompletableFuture<HttpResponse<T>> response, Duration timeout, HttpRequest request)
            throws AttemptFailed, InterruptedException {
        try {
            return response.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            response.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            response.cancel(true);
            throw timedOut(request, timeout);
        } catch (ExecutionException e) {
            throw transportFailure(request, timeout, e.getCause());
        }
    }

    private static AttemptFailed transportFailure(HttpRequest request, Duration timeout, Throwable cause) {
        if (cause instanceof HttpConnectTimeoutException || !(cause instanceof HttpTimeoutException)) {
            return new AttemptFailed(new BackendException(UNAVAILABLE, "cannot reach " + request.uri() + ": " + cause),
                    true, true, null);
        }
        return timedOut(request, timeout);
    }

    private static AttemptFailed timedOut(HttpRequest request, Duration timeout) {
        return new AttemptFailed(new BackendException(TIMEOUT, request.uri() + " did not answer within "
                + timeout.toMillis() + " ms"), false, true, null);
    }

    private static AttemptFailed statusFailure(HttpRequest request, int status, HttpHeaders headers,
                                               Map<String, Object> body) {
        String upstream = body == null ? null : Answers.errorMessage(body);
        String message = request.uri() + " answered " + status + (upstream == null ? "" : ": " + upstream);
        if (status == 429) {
            return new AttemptFailed(new BackendException(RATE_LIMITED, message), true, false,
                    headers.firstValue("retry-after").orElse(null));
        }
        if (status >= 500) {
            return new AttemptFailed(new BackendException(ERROR, message), true, true,
                    headers.firstValue("retry-after").orElse(null));
        }
        return new AttemptFailed(new BackendException(REJECTED, message), false, false, null);
    }

    private Map<String, Object> parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return json.readObject(text);
        } catch (RuntimeException e) {
            LOG.debug("unreadable JSON from upstream: {}", e.toString());
            return null;
        }
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException e) {
            // closing is all we wanted
        }
    }

    @PreDestroy
    void close() {
        watchdog.shutdownNow();
        http.shutdownNow();
    }
}
