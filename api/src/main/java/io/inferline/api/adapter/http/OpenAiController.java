package io.inferline.api.adapter.http;

import io.inferline.api.application.JobService;
import io.inferline.api.application.ModelCatalog;
import io.inferline.api.application.ratelimit.RateLimitedException;
import io.inferline.api.application.sync.ModelNotFoundException;
import io.inferline.api.application.sync.SyncInference;
import io.inferline.api.application.sync.SyncListener;
import io.inferline.api.application.sync.SyncOutcome;
import io.inferline.api.application.sync.SyncRequest;
import io.inferline.api.application.sync.SyncTask;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.ModelRoute;
import io.inferline.api.domain.Scope;
import io.inferline.common.error.InferlineException;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.ServiceUnavailableException;
import io.inferline.contracts.v1.jobs.JobResource;
import io.inferline.contracts.v1.openai.ChatCompletion;
import io.inferline.contracts.v1.openai.ChatCompletionChunk;
import io.inferline.contracts.v1.openai.EmbeddingList;
import io.inferline.contracts.v1.openai.ModelList;
import io.inferline.contracts.v1.openai.OpenAiError;
import io.inferline.contracts.v1.openai.TextCompletion;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.MutableHttpResponse;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.BiFunction;

/**
 * OpenAI's API, answered by Inferline: {@code POST /v1/chat/completions}, {@code /v1/completions},
 * {@code /v1/embeddings} and {@code GET /v1/models}, in OpenAI's shapes (errors too, see {@link OpenAiErrors}). The
 * caller's checks (key, scope, request limits) run on a blocking-I/O thread, the backend call on a thread of its own
 * ({@link SyncInference}); no event-loop thread waits. The answer says which model served it ({@code model}, and
 * {@value #MODEL_HEADER}: model@version). With {@value #MODE_HEADER}{@code : async} the request becomes a job (202).
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class OpenAiController {

    static final String MODEL_HEADER = "Inferline-Model";
    /** Why the decision chose the version that served (as a job stores it), in printable ASCII. */
    static final String ROUTING_REASON_HEADER = "Inferline-Routing-Reason";
    static final String FALLBACK_HEADER = "Inferline-Fallback-From";
    static final String MODE_HEADER = "Inferline-Mode";
    private static final int CLIENT_CLOSED_REQUEST = 499;

    private static final Logger LOG = LoggerFactory.getLogger(OpenAiController.class);

    private final RequestGate gate;
    private final SyncInference sync;
    private final JobService jobs;
    private final ModelCatalog catalog;
    private final Clock clock;

    OpenAiController(RequestGate gate, SyncInference sync, JobService jobs, ModelCatalog catalog, Clock clock) {
        this.gate = gate;
        this.sync = sync;
        this.jobs = jobs;
        this.catalog = catalog;
        this.clock = clock;
    }

    @Operation(summary = "Creates a chat completion (OpenAI-compatible); stream: true answers server-sent events")
    @ApiResponse(responseCode = "200", description = "the answer", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ChatCompletion.class)),
            @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(implementation = ChatCompletionChunk.class,
                    description = "with stream: true, one event per chunk, then data: [DONE]"))})
    @ApiResponse(responseCode = "202", description = "with Inferline-Mode: async, the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobResource.class)))
    @ApiResponse(responseCode = "400", description = "OpenAI's error shape; param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class)))
    @Post(value = "/chat/completions", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    Mono<MutableHttpResponse<?>> chat(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                   @Nullable @Header(MODE_HEADER) String mode,
                                                   @Nullable @Body Map<String, Object> body,
                                                   HttpRequest<?> httpRequest) {
        return generate(SyncTask.CHAT, authorization, mode, body, OpenAiResponses::chat, httpRequest);
    }

    @Operation(summary = "Creates a text completion (OpenAI-compatible); stream: true answers server-sent events")
    @ApiResponse(responseCode = "200", description = "the answer", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = TextCompletion.class)),
            @Content(mediaType = MediaType.TEXT_EVENT_STREAM, schema = @Schema(implementation = TextCompletion.class,
                    description = "with stream: true, one event per chunk, then data: [DONE]"))})
    @ApiResponse(responseCode = "202", description = "with Inferline-Mode: async, the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobResource.class)))
    @ApiResponse(responseCode = "400", description = "OpenAI's error shape; param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class)))
    @Post(value = "/completions", consumes = MediaType.APPLICATION_JSON,
            produces = {MediaType.APPLICATION_JSON, MediaType.TEXT_EVENT_STREAM})
    Mono<MutableHttpResponse<?>> completion(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                         @Nullable @Header(MODE_HEADER) String mode,
                                                         @Nullable @Body Map<String, Object> body,
                                                         HttpRequest<?> httpRequest) {
        return generate(SyncTask.COMPLETION, authorization, mode, body, OpenAiResponses::completion, httpRequest);
    }

    @Operation(summary = "Creates embeddings (OpenAI-compatible)")
    @ApiResponse(responseCode = "200", description = "the answer", content = {
            @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = EmbeddingList.class))})
    @ApiResponse(responseCode = "202", description = "with Inferline-Mode: async, the job",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = JobResource.class)))
    @ApiResponse(responseCode = "400", description = "OpenAI's error shape; param names the field",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = OpenAiError.class)))
    @Post(value = "/embeddings", consumes = MediaType.APPLICATION_JSON)
    Mono<MutableHttpResponse<?>> embeddings(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                         @Nullable @Header(MODE_HEADER) String mode,
                                                         @Nullable @Body Map<String, Object> body,
                                                         HttpRequest<?> httpRequest) {
        boolean base64 = OpenAiRequests.base64(body);
        return generate(SyncTask.EMBEDDING, authorization, mode, body,
                (id, created, outcome) -> OpenAiResponses.embeddings(outcome, base64), httpRequest);
    }

    @Operation(summary = "Lists the models and aliases the caller's API key may use (OpenAI-compatible)")
    @Get("/models")
    ModelList models(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        Caller caller = gate.enter(authorization, Scope.MODELS_READ, Scope.JOBS_WRITE);
        return ModelList.of(catalog.usableBy(caller).stream().map(ModelList.Model::named).toList());
    }

    @Operation(summary = "One model or alias the caller's API key may use (OpenAI-compatible)")
    @Get("/models/{model}")
    ModelList.Model model(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String model) {
        Caller caller = gate.enter(authorization, Scope.MODELS_READ, Scope.JOBS_WRITE);
        if (!catalog.usableBy(caller).contains(model)) {
            throw new ModelNotFoundException(model);
        }
        return ModelList.Model.named(model);
    }

    @FunctionalInterface
    private interface Shape {
        Object of(String id, long created, SyncOutcome outcome);
    }

    private Mono<MutableHttpResponse<?>> generate(SyncTask task, String authorization, String mode,
                                                  Map<String, Object> body, Shape shape, HttpRequest<?> httpRequest) {
        Caller caller = gate.enter(authorization, Scope.JOBS_WRITE);
        SyncRequest request = OpenAiRequests.read(task, body);
        if (mode != null && !mode.isBlank()) {
            if (!mode.trim().equalsIgnoreCase("async")) {
                throw new InvalidRequestException(MODE_HEADER, "must be 'async' (or absent: answered at once)");
            }
            return Mono.just(asJob(caller, request));
        }
        SyncInference.Admitted admitted;
        try {
            admitted = sync.admit(caller, request);
        } catch (RateLimitedException e) {
            RequestGate.remember(e.quota());
            throw e;
        }
        String id = idPrefix(task) + admitted.id().toString().replace("-", "");
        long created = clock.instant().getEpochSecond();
        if (request.stream()) {
            return stream(task, admitted, id, created, OpenAiRequests.includeUsage(body), httpRequest);
        }
        var running = sync.start(admitted, SyncListener.NONE);
        ClientDisconnects.onClose(httpRequest, running.outcome(), running.cancel());
        // a client that leaves before the answer cancels the call: its connection closes (or the subscription ends)
        CompletableFuture<MutableHttpResponse<?>> response = unwrapped(running.outcome().thenApply(outcome ->
                served(HttpResponse.ok(shape.of(id, created, outcome)), outcome.servedBy(), outcome.failedOver())));
        return Mono.fromFuture(response, true)
                .doOnCancel(() -> {
                    if (!running.outcome().isDone()) {
                        running.cancel().run();
                    }
                });
    }

    /**
     * The response starts with the first piece of the answer (or its end, or its failure), so a failure before it is
     * still an ordinary error response and a fallback can still change the model. Closing the connection cancels
     * the subscription, which cancels the call and with it the upstream request.
     */
    private Mono<MutableHttpResponse<?>> stream(SyncTask task, SyncInference.Admitted admitted, String id,
                                                long created, boolean includeUsage, HttpRequest<?> httpRequest) {
        var events = new OpenAiStream(task, id, created, includeUsage);
        var response = new CompletableFuture<MutableHttpResponse<?>>();
        var running = new SyncInference.Running[1];
        BiFunction<ModelRoute, List<String>, MutableHttpResponse<?>> begin = (servedBy, failedOver) -> served(
                HttpResponse.ok(events.events().doOnCancel(() -> running[0].cancel().run()))
                        .contentType(MediaType.TEXT_EVENT_STREAM_TYPE), servedBy, failedOver);
        running[0] = sync.start(admitted, (servedBy, failedOver, piece) -> {
            if (!response.isDone()) {
                response.complete(begin.apply(servedBy, failedOver));
            }
            events.piece(servedBy, piece);
        });
        ClientDisconnects.onClose(httpRequest, running[0].outcome(), running[0].cancel());
        running[0].outcome().whenComplete((outcome, error) -> {
            if (error == null) {
                if (!response.isDone()) {
                    response.complete(begin.apply(outcome.servedBy(), outcome.failedOver()));
                }
                events.finish(outcome);
                return;
            }
            Throwable cause = cause(error);
            if (!response.isDone()) {
                fail(response, cause);
            } else if (!(cause instanceof CancellationException) && !(cause instanceof InterruptedException)) {
                LOG.info("call {} failed after its answer began: {}", admitted.id(), cause.toString());
                events.fail(cause instanceof InferlineException e ? OpenAiErrors.of(e)
                        : OpenAiErrors.of(new ServiceUnavailableException(
                                "the backend failed while answering", cause)));
            }
        });
        // leaving before the first piece cancels too; once the response began, the stream's own cancel does
        return Mono.fromFuture(response, true).doOnCancel(() -> {
            if (!response.isDone()) {
                running[0].cancel().run();
            }
        });
    }

    private MutableHttpResponse<?> asJob(Caller caller, SyncRequest request) {
        JobService.Submitted submitted;
        try {
            submitted = jobs.submit(caller, sync.submission(request), null);
        } catch (RateLimitedException e) {
            RequestGate.remember(e.quota());
            throw e;
        }
        JobResource resource = JobResources.of(submitted.job());
        return HttpResponse.accepted(URI.create(resource.links().self())).body(resource);
    }

    private static MutableHttpResponse<?> served(MutableHttpResponse<?> response, ModelRoute servedBy,
                                                 List<String> failedOver) {
        response.header(MODEL_HEADER, servedBy.model() + "@" + servedBy.version());
        response.header(ROUTING_REASON_HEADER, servedBy.reason().replaceAll("[^\\x20-\\x7E]", "?"));
        if (!failedOver.isEmpty()) {
            response.header(FALLBACK_HEADER, String.join(", ", failedOver));
        }
        return response;
    }

    private static String idPrefix(SyncTask task) {
        return switch (task) {
            case CHAT -> "chatcmpl-";
            case COMPLETION -> "cmpl-";
            case EMBEDDING -> "emb-";
        };
    }

    /**
     * The failure itself, not wrapped in a CompletionException, reaches the exception handlers; a call canceled
     * because its client left ends with 499 (nobody reads it), not as a server error.
     */
    private static CompletableFuture<MutableHttpResponse<?>> unwrapped(CompletableFuture<MutableHttpResponse<?>> future) {
        var result = new CompletableFuture<MutableHttpResponse<?>>();
        future.whenComplete((value, error) -> {
            if (error == null) {
                result.complete(value);
            } else {
                fail(result, cause(error));
            }
        });
        return result;
    }

    private static void fail(CompletableFuture<MutableHttpResponse<?>> response, Throwable cause) {
        if (cause instanceof CancellationException || cause instanceof InterruptedException) {
            response.complete(HttpResponse.status(CLIENT_CLOSED_REQUEST, "Client Closed Request"));
        } else {
            response.completeExceptionally(cause);
        }
    }

    private static Throwable cause(Throwable error) {
        return error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    }
}
