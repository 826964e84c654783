package io.inferline.api.adapter.http;

import io.inferline.api.application.JobService;
import io.inferline.api.application.JobStore.IdempotencyClaim;
import io.inferline.api.application.JobWatch;
import io.inferline.api.application.ratelimit.RateLimitedException;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.Scope;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.jobs.CreateJobRequest;
import io.inferline.contracts.v1.jobs.JobList;
import io.inferline.contracts.v1.jobs.JobResource;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.sse.Event;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import reactor.core.publisher.Flux;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Pattern;

@Controller("/v1/jobs")
@ExecuteOn(TaskExecutors.BLOCKING)
class JobController {

    static final String IDEMPOTENCY_KEY = "Idempotency-Key";
    static final long MAX_WAIT_SECONDS = 60;
    private static final Pattern IDEMPOTENCY_KEY_FORMAT = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[,;\\s])wait=(\\d{1,9})(?:$|[,;\\s])");

    private final RequestGate gate;
    private final JobService jobs;
    private final JobWatch watch;
    private final JobSubmissionReader reader;
    private final RequestFingerprint fingerprint;

    JobController(RequestGate gate, JobService jobs, JobWatch watch, JobSubmissionReader reader,
                  RequestFingerprint fingerprint) {
        this.gate = gate;
        this.jobs = jobs;
        this.watch = watch;
        this.reader = reader;
        this.fingerprint = fingerprint;
    }

    /** 202 with the new job; 200 with the earlier job when the same Idempotency-Key and body come again. */
    @Post(consumes = MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateJobRequest.class)))
    HttpResponse<JobResource> submit(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                     @Nullable @Header(IDEMPOTENCY_KEY) String idempotencyKey,
                                     @Nullable @Body JsonNode body) {
        var caller = gate.enter(authorization, Scope.JOBS_WRITE);
        var submission = reader.read(body);
        var claim = idempotencyKey == null ? null : new IdempotencyClaim(checkedKey(idempotencyKey), fingerprint.of(body));
        JobService.Submitted submitted;
        try {
            submitted = jobs.submit(caller, submission, claim);
        } catch (RateLimitedException e) {
            RequestGate.remember(e.quota());
            throw e;
        }
        var resource = JobResources.of(submitted.job());
        return submitted.replayed()
                ? HttpResponse.ok(resource)
                : HttpResponse.accepted(URI.create(resource.links().self())).body(resource);
    }

    /** With {@code Prefer: wait=N} (N ≤ 60), answers once the job is final or N seconds have passed. */
    @Get("/{id}")
    CompletableFuture<HttpResponse<JobResource>> get(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                                     @Nullable @Header("Prefer") String prefer,
                                                     @PathVariable String id) {
        var caller = gate.enter(authorization, Scope.JOBS_READ);
        Duration wait = requestedWait(prefer);
        if (wait == null) {
            return CompletableFuture.completedFuture(HttpResponse.ok(JobResources.of(jobs.get(caller, parseId(id)))));
        }
        return watch.awaitFinal(caller, parseId(id), wait).thenApply(job -> HttpResponse.ok(JobResources.of(job))
                .header("Preference-Applied", "wait=" + wait.toSeconds()));
    }

    @Get
    JobList list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, HttpRequest<?> request) {
        var caller = gate.enter(authorization, Scope.JOBS_READ);
        var parameters = JobListParameters.read(request.getParameters());
        List<Job> page = jobs.list(caller, parameters.query(), parameters.limit() + 1);
        boolean more = page.size() > parameters.limit();
        List<Job> shown = more ? page.subList(0, parameters.limit()) : page;
        return JobList.of(shown.stream().map(JobResources::of).toList(),
                more ? JobListParameters.cursorAfter(shown.get(shown.size() - 1).id()) : null);
    }

    /**
     * Cancels a queued or running job (200 with the job, now canceled). Canceling it again returns the same; a
     * job that already succeeded, failed or expired is left as it is (409).
     */
    @Post("/{id}/cancel")
    JobResource cancel(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, @PathVariable String id) {
        var caller = gate.enter(authorization, Scope.JOBS_WRITE);
        return JobResources.of(jobs.cancel(caller, parseId(id)));
    }

    /**
     * Server-Sent Events: the job now, then every change of state, ending after the final one; a job that streams
     * ({@code "stream": true}) sends the pieces of its answer in between as {@code output} events.
     */
    @Get(value = "/{id}/events", produces = MediaType.TEXT_EVENT_STREAM)
    Flux<Event<Object>> events(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                               @PathVariable String id) {
        var caller = gate.enter(authorization, Scope.JOBS_READ);
        UUID jobId = parseId(id);
        jobs.get(caller, jobId);
        return Flux.create(sink -> {
            var last = new AtomicReference<JobStatus>();
            Runnable stop = watch.follow(caller, jobId, job -> {
                if (last.getAndSet(job.status()) != job.status()) {
                    sink.next(Event.<Object>of(JobResources.of(job)).name(job.status().wireName())
                            .id(job.status().wireName()));
                }
                if (job.status().isFinal()) {
                    sink.complete();
                }
            }, output -> sink.next(Event.<Object>of(output.piece()).name("output")
                    .id("output-" + output.attempt() + "-" + output.seq())));
            sink.onDispose(stop::run);
        });
    }

    private static String checkedKey(String key) {
        if (!IDEMPOTENCY_KEY_FORMAT.matcher(key).matches()) {
            throw new InvalidRequestException(IDEMPOTENCY_KEY, "must be 1 to 255 visible ASCII characters");
        }
        return key;
    }

    private static Duration requestedWait(String prefer) {
        if (prefer == null) {
            return null;
        }
        var matcher = PREFER_WAIT.matcher(prefer.toLowerCase());
        if (!matcher.find()) {
            return null;
        }
        return Duration.ofSeconds(Math.min(Long.parseLong(matcher.group(1)), MAX_WAIT_SECONDS));
    }

    private static UUID parseId(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("job", id);
        }
    }
}
