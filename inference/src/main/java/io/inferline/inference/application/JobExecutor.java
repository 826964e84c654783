package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.inference.application.RunningCalls.Outcome;
import io.inferline.backends.application.Backends;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.ChunkListener;
import io.inferline.inference.domain.Execution;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.concurrent.CompletableFuture;

/**
 * Runs one job request, at least once and idempotently per (job, attempt): a request whose attempt already
 * finished only has its final event published again (the earlier publish may be what failed); one that was
 * running when its worker died runs again. A job canceled or out of time before it starts never starts.
 * A job whose input asks for {@code "stream": true} publishes pieces of its answer while it runs
 * ({@link OutputForwarding}), all before its final event. Errors of the store or the broker propagate: the caller
 * retries the whole request.
 */
@Singleton
public class JobExecutor {

    private final ExecutionStore executions;
    private final JobEvents events;
    private final Backends backends;
    private final RunningCalls calls;
    private final CancellationSignals cancellations;
    private final JobTargets targets;
    private final WorkerMetrics metrics;
    private final OutputForwarding outputs;
    private final Clock clock;

    public JobExecutor(ExecutionStore executions, JobEvents events, Backends backends, RunningCalls calls,
                       CancellationSignals cancellations, JobTargets targets, WorkerMetrics metrics,
                       OutputForwarding outputs, Clock clock) {
        this.executions = executions;
        this.events = events;
        this.backends = backends;
        this.calls = calls;
        this.cancellations = cancellations;
        this.targets = targets;
        this.metrics = metrics;
        this.outputs = outputs;
        this.clock = clock;
    }

    /**
     * Runs the request to its final state (or replays it) and returns that state once its events are published. The
     * {@code running} event is not waited for on its own: it is acknowledged while the job runs, and the final event
     * follows it on the same partition, so both are awaited together before the request counts as done.
     */
    public JobStatus execute(JobRequested request) throws InterruptedException {
        Instant started = now();
        var done = executions.startUnlessFinished(request.jobId(), request.attempt(), started);
        if (done.isPresent()) {
            events.publish(finalEvent(request, done.get()));
            return done.get().status();
        }
        CompletableFuture<?> running = CompletableFuture.completedFuture(null);
        Execution finished = notStartable(request);
        if (finished == null) {
            running = events.send(JobEvent.running(request, now()));
            if (request.requestedAt() != null) {
                metrics.started(request, Duration.between(request.requestedAt(), started));
            }
            finished = run(request);
        }
        executions.finish(finished);
        JobEvents.awaitAll(running, events.send(finalEvent(request, finished)));
        metrics.finished(request, finished.status(), finished.usage());
        return finished.status();
    }

    /** How the job ends without running, or null when it may run. */
    private Execution notStartable(JobRequested request) {
        Instant now = now();
        if (cancellations.isCanceled(request.jobId())) {
            return ended(request, JobStatus.CANCELED, new JobError("canceled", "canceled before it started"));
        }
        if (request.expiresAt() != null && now.isAfter(request.expiresAt())) {
            return ended(request, JobStatus.EXPIRED, new JobError("ttl_expired", "the job did not start within its ttl_seconds"));
        }
        if (request.deadline() != null && now.isAfter(request.deadline())) {
            return ended(request, JobStatus.EXPIRED, deadlineExceeded());
        }
        if (backends.get(request.backend()).isEmpty()) {
            return ended(request, JobStatus.FAILED,
                    new JobError("unknown_backend", "this worker has no backend '" + request.backend() + "'"));
        }
        return null;
    }

    private Execution run(JobRequested request) throws InterruptedException {
        OutputCoalescer output = outputs.forJob(request).orElse(null);
        var call = new BackendCall(request.jobId(), request.attempt(), request.model(), targets.forJob(request),
                request.input(), output == null ? ChunkListener.NONE : output);
        long calledAt = System.nanoTime();
        Outcome outcome;
        try {
            outcome = calls.run(backends.get(request.backend()).orElseThrow(), call, request.deadline());
        } finally {
            metrics.backendCalled(request, Duration.ofNanos(System.nanoTime() - calledAt));
            if (output != null) {
                output.finish(OutputForwarding.FLUSH_PATIENCE);
            }
        }
        return switch (outcome) {
            case Outcome.Answered answered -> new Execution(request.jobId(), request.attempt(), JobStatus.SUCCEEDED,
                    answered.result().output(), answered.result().usage(), null, now());
            case Outcome.Failed failed -> ended(request, JobStatus.FAILED,
                    new JobError(failed.error().type(), failed.error().getMessage()));
            case Outcome.Canceled canceled -> ended(request, JobStatus.CANCELED,
                    new JobError("canceled", "canceled while running; the backend call was aborted"));
            case Outcome.DeadlinePassed passed -> ended(request, JobStatus.EXPIRED, deadlineExceeded());
        };
    }

    private static JobError deadlineExceeded() {
        return new JobError("deadline_exceeded", "the job did not finish before its deadline");
    }

    private Execution ended(JobRequested request, JobStatus status, JobError error) {
        return new Execution(request.jobId(), request.attempt(), status, null, null, error, now());
    }

    /** PostgreSQL keeps microseconds: events carry the same precision, so a replayed event equals the first. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static JobEvent finalEvent(JobRequested request, Execution execution) {
        return execution.status() == JobStatus.SUCCEEDED
                ? JobEvent.succeeded(request, execution.output(), execution.usage(), execution.finishedAt())
                : JobEvent.ended(request, execution.status(), execution.error(), execution.finishedAt());
    }
}
