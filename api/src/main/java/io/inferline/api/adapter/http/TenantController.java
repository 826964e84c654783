package io.inferline.api.adapter.http;

import io.inferline.api.application.JobWatch;
import io.inferline.api.application.ModelCatalog;
import io.inferline.api.application.TenantOverview;
import io.inferline.api.application.UnknownModelException;
import io.inferline.api.domain.Scope;
import io.inferline.contracts.v1.auth.CallerInfo;
import io.inferline.contracts.v1.jobs.CreateJobRequest;
import io.inferline.contracts.v1.jobs.JobExplanation;
import io.inferline.contracts.v1.jobs.JobOverview;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Post;
import io.micronaut.http.sse.Event;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.parameters.RequestBody;
import reactor.core.publisher.Flux;

import java.time.Duration;

/**
 * A tenant's view across its jobs: who the credentials are, every job change as it happens, the last hour in
 * figures, and what would happen to a job before it is submitted. The web console is built on these.
 */
@Controller("/v1")
@ExecuteOn(TaskExecutors.BLOCKING)
class TenantController {

    /** Comment-free keep-alive events, so proxies and load balancers do not close a quiet stream. */
    static final Duration KEEPALIVE = Duration.ofSeconds(15);

    private final RequestGate gate;
    private final JobWatch watch;
    private final TenantOverview overview;
    private final ModelCatalog catalog;
    private final JobSubmissionReader reader;

    TenantController(RequestGate gate, JobWatch watch, TenantOverview overview, ModelCatalog catalog,
                     JobSubmissionReader reader) {
        this.gate = gate;
        this.watch = watch;
        this.overview = overview;
        this.catalog = catalog;
        this.reader = reader;
    }

    @Get("/me")
    CallerInfo me(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        var caller = gate.enter(authorization, Scope.JOBS_READ);
        return new CallerInfo(caller.tenantId(), caller.keyId(), caller.scopes());
    }

    /**
     * Server-Sent Events: every job of the caller's tenant that is created or changes from now on, named by its
     * status, with a {@code keepalive} event every 15 s. Never ends by itself.
     */
    @Get(value = "/job-events", produces = MediaType.TEXT_EVENT_STREAM)
    Flux<Event<?>> jobEvents(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        var caller = gate.enter(authorization, Scope.JOBS_READ);
        Flux<Event<?>> changes = Flux.create(sink -> {
            Runnable stop = watch.followTenant(caller, job -> {
                var resource = JobResources.of(job);
                sink.next(Event.of(resource).name(job.status().wireName()));
            });
            sink.onDispose(stop::run);
        });
        Flux<Event<?>> keepalive = Flux.interval(KEEPALIVE).map(tick -> Event.of("{}").name("keepalive"));
        return Flux.merge(changes, keepalive);
    }

    @Get("/overview")
    JobOverview overview(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return overview.of(gate.enter(authorization, Scope.JOBS_READ));
    }

    /** What {@code POST /v1/jobs} would do with this body now, without queuing anything. */
    @Post(value = "/jobs:explain", consumes = MediaType.APPLICATION_JSON)
    @RequestBody(required = true, content = @Content(schema = @Schema(implementation = CreateJobRequest.class)))
    JobExplanation explain(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                           @Nullable @Body JsonNode body) {
        var caller = gate.enter(authorization, Scope.MODELS_READ);
        var submission = reader.read(body);
        var route = catalog.route(caller, submission).orElseThrow(() -> new UnknownModelException(submission.model()));
        boolean redacted = route.input() != null && !route.input().equals(submission.input());
        return new JobExplanation(submission.model(), route.model(), route.version(), route.pool(), route.backend(),
                route.reason(), route.admitted(submission).input(), redacted);
    }
}
