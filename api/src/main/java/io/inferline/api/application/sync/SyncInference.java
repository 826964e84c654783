package io.inferline.api.application.sync;

import io.inferline.api.application.ModelCatalog;
import io.inferline.api.application.quota.TenantBudgets;
import io.inferline.api.application.ratelimit.RateLimiter;
import io.inferline.api.domain.Caller;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.ModelRoute;
import io.inferline.backends.application.Backends;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.id.Uuids;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.contracts.v1.models.CircuitKeys;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.domain.NoBackendAvailableException;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * OpenAI-compatible calls answered at once, in-process: the same decision as jobs (aliases, splits, guard rules),
 * the same token limits, concurrency slots and monthly budgets (a call holds them like a job while it runs), and the
 * backend adapters the inference workers use, without a trip through Kafka. Backend calls run on virtual threads of
 * their own, never on the caller's thread. When the chosen version fails with a server error or cannot be reached
 * before any piece of the answer went out, the decision is made again without it, so a model's next version or an
 * alias's fallback chain answers instead.
 */
@Singleton
public class SyncInference {

    private static final Logger LOG = LoggerFactory.getLogger(SyncInference.class);
    /** Fallbacks one call may take; the chains in the registry are short. */
    private static final int MAX_FALLBACKS = 3;
    private static final Set<String> FAILS_OVER = Set.of("backend_error", "backend_unavailable", "simulated_backend_error");

    private final ModelCatalog catalog;
    private final RegistryView registry;
    private final Backends backends;
    private final RateLimiter rateLimiter;
    private final TenantBudgets budgets;
    private final Clock clock;
    private final MeterRegistry meters;
    private final ExecutorService calls = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("sync-call-", 0).factory());

    public SyncInference(ModelCatalog catalog, RegistryView registry, Backends backends, RateLimiter rateLimiter,
                         TenantBudgets budgets, Clock clock, MeterRegistry meters) {
        this.meters = meters;
        this.catalog = catalog;
        this.registry = registry;
        this.backends = backends;
        this.rateLimiter = rateLimiter;
        this.budgets = budgets;
        this.clock = clock;
    }

    /**
     * A call that was admitted: it holds a concurrency slot, tokens and budget until it ends; {@code budgetReserved}
     * false when the tenant had no budget at admission, so there is no reservation to settle.
     */
    public record Admitted(Caller caller, SyncRequest request, JobSubmission submission, ModelRoute route, Job ticket,
                           boolean budgetReserved) {

        public UUID id() {
            return ticket.id();
        }
    }

    /** A call under way: its outcome, and a way to abort it (the upstream request is aborted too). */
    public record Running(CompletableFuture<SyncOutcome> outcome, Runnable cancel) {
    }

    /**
     * Routes and admits a call: 404 for an unknown model, 400 when the model does not do what the endpoint asks,
     * 403 from guard rules or tenant policies, 429 over a limit or the monthly budget.
     */
    public Admitted admit(Caller caller, SyncRequest request) {
        var submission = submission(request);
        ModelRoute route = catalog.route(caller, submission).orElseThrow(() -> new ModelNotFoundException(request.model()));
        String task = catalog.task(route.model()).orElse(null);
        if (!request.task().servedBy(task)) {
            throw new InvalidRequestException("model", "model '" + route.model() + "' is a" + ("embedding".equals(task)
                    ? "n embedding" : " " + task) + " model, which " + request.task().path() + " does not serve");
        }
        Job ticket = Job.queued(Uuids.v7(), caller.tenantId(), route.admitted(submission), route, now());
        rateLimiter.admitJob(caller, ticket);
        boolean budgetReserved;
        try {
            budgetReserved = budgets.admit(ticket);
        } catch (RuntimeException e) {
            rateLimiter.jobNotCreated(caller, ticket);
            throw e;
        }
        return new Admitted(caller, request, submission, route, ticket, budgetReserved);
    }

    /** The submission a call would be as a job ({@code Inferline-Mode: async}), and what routing decides on. */
    public JobSubmission submission(SyncRequest request) {
        Map<String, String> metadata = request.stickyKey() == null ? Map.of() : Map.of("sticky_key", request.stickyKey());
        return new JobSubmission(request.model(), request.input(), Priority.NORMAL, null, null, null, List.of(), metadata);
    }

    /** Runs an admitted call on its own thread; pieces of a streamed answer go to {@code listener}. */
    public Running start(Admitted call, SyncListener listener) {
        var outcome = new CompletableFuture<SyncOutcome>();
        Future<?> task = calls.submit(() -> {
            long started = System.nanoTime();
            SyncOutcome done = null;
            Throwable failure = null;
            try {
                done = run(call, listener);
            } catch (Throwable e) {
                failure = e;
            } finally {
                release(call, done, failure, System.nanoTime() - started);
            }
            if (failure != null) {
                outcome.completeExceptionally(failure);
            } else {
                outcome.complete(done);
            }
        });
        return new Running(outcome, () -> {
            task.cancel(true);
            outcome.cancel(false);
        });
    }

    private SyncOutcome run(Admitted call, SyncListener listener) throws InterruptedException {
        Set<String> failed = new LinkedHashSet<>();
        ModelRoute route = call.route();
        while (true) {
            ModelRoute serving = route;
            List<String> failedBefore = List.copyOf(failed);
            var streamed = new boolean[1];
            ChunkListener chunks = !call.request().stream() ? ChunkListener.NONE : chunk -> {
                if (chunk.get("delta") instanceof String piece && !piece.isEmpty()) {
                    streamed[0] = true;
                    listener.piece(serving, failedBefore, piece);
                }
            };
            try {
                return new SyncOutcome(serving, invoke(call, serving, chunks), failedBefore);
            } catch (BackendException e) {
                if (streamed[0] || !FAILS_OVER.contains(e.type()) || failed.size() >= MAX_FALLBACKS) {
                    throw new UpstreamFailedException(e);
                }
                failed.add(CircuitKeys.field(serving.model(), serving.version()));
                Optional<ModelRoute> next;
                try {
                    next = catalog.route(call.caller(), call.submission(), failed);
                } catch (NoBackendAvailableException none) {
                    next = Optional.empty();
                }
                if (next.isEmpty()) {
                    throw new UpstreamFailedException(e);
                }
                LOG.info("call {}: {}@{} failed ({}), falling back to {}@{}", call.id(), serving.model(),
                        serving.version(), e.type(), next.get().model(), next.get().version());
                route = next.get();
            }
        }
    }

    private BackendResult invoke(Admitted call, ModelRoute route, ChunkListener chunks)
            throws BackendException, InterruptedException {
        var backend = backends.get(route.backend()).orElseThrow(() -> new BackendException("backend_unavailable",
                "no adapter for backend kind '" + route.backend() + "' runs in the api"));
        Map<String, Object> input = route.input() == null ? call.request().input() : route.input();
        return backend.invoke(new BackendCall(call.id(), 1, route.model(), target(call.request().task(), route), input,
                chunks));
    }

    /** The registry's description of the version, asked to do the endpoint's task. */
    private BackendTarget target(SyncTask task, ModelRoute route) {
        return registry.current().model(route.model())
                .flatMap(model -> model.versions().stream().filter(v -> v.version().equals(route.version())).findFirst()
                        .map(version -> BackendTarget.of(model, version)))
                .map(t -> new BackendTarget(route.backend(), task.task(), t.endpoint(), t.upstreamModel(), t.timeout(),
                        t.version()))
                .orElseGet(() -> BackendTarget.local(route.backend(), task.task()));
    }

    /** The call's slot and tokens go back, and what it used replaces what it reserved. */
    private void release(Admitted call, SyncOutcome outcome, Throwable failure, long nanos) {
        Thread.interrupted(); // a canceled call still gives back what it held
        ModelRoute served = outcome == null ? call.route() : outcome.servedBy();
        JobStatus status = outcome != null ? JobStatus.SUCCEEDED
                : failure instanceof InterruptedException ? JobStatus.CANCELED : JobStatus.FAILED;
        Timer.builder("inferline.openai.calls").description("OpenAI-compatible calls answered in-process, by outcome")
                .tags("endpoint", call.request().task().task(), "model", served.model(), "outcome", status.wireName(),
                        "fallback", Boolean.toString(outcome != null && !outcome.failedOver().isEmpty()))
                .register(meters).record(nanos, TimeUnit.NANOSECONDS);
        try {
            Usage usage = outcome == null ? null : outcome.result().usage();
            Job ended = ended(call.ticket(), served, status, usage);
            rateLimiter.jobEnded(ended);
            if (call.budgetReserved()) {
                budgets.settle(ended);
            }
        } catch (RuntimeException e) {
            LOG.warn("call {}: could not release its limits: {}", call.id(), e.toString());
        }
    }

    private Job ended(Job t, ModelRoute served, JobStatus status, Usage usage) {
        return new Job(t.id(), t.tenantId(), t.model(), served.model(), served.version(), served.pool(), served.backend(),
                served.reason(), t.priority(), status, t.input(), null, usage, null, t.metadata(), 1, t.createdAt(),
                t.createdAt(), now(), t.expiresAt(), t.deadline(), null, null);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    @PreDestroy
    void close() {
        calls.shutdownNow();
    }
}
