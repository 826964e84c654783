package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.inference.domain.BackendCall;
import io.inferline.inference.domain.BackendException;
import io.inferline.inference.domain.Execution;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

/**
 * Runs one job request, at least once and idempotently per (job, attempt): a request whose attempt already
 * finished only has its final event published again (the earlier publish may be what failed); one that was
 * running when its worker died is run again.
 */
@Singleton
public class JobExecutor {

    private final ExecutionStore executions;
    private final JobEvents events;
    private final Backends backends;
    private final Clock clock;

    public JobExecutor(ExecutionStore executions, JobEvents events, Backends backends, Clock clock) {
        this.executions = executions;
        this.events = events;
        this.backends = backends;
        this.clock = clock;
    }

    public void execute(JobRequested request) {
        var done = executions.find(request.jobId(), request.attempt()).filter(e -> e.status().isFinal());
        if (done.isPresent()) {
            events.publish(finalEvent(request, done.get()));
            return;
        }
        executions.markRunning(request.jobId(), request.attempt(), now());
        events.publish(JobEvent.running(request, now()));
        Execution finished = run(request);
        executions.finish(finished);
        events.publish(finalEvent(request, finished));
    }

    private Execution run(JobRequested request) {
        var backend = backends.get(request.backend());
        if (backend.isEmpty()) {
            return failed(request, new JobError("unknown_backend",
                    "this worker has no backend '" + request.backend() + "'"));
        }
        try {
            var call = new BackendCall(request.jobId(), request.attempt(), request.model(), request.input());
            Map<String, Object> output = backend.get().invoke(call).output();
            return new Execution(request.jobId(), request.attempt(), JobStatus.SUCCEEDED, output, null,
                    now());
        } catch (BackendException e) {
            return failed(request, new JobError(e.type(), e.getMessage()));
        }
    }

    private Execution failed(JobRequested request, JobError error) {
        return new Execution(request.jobId(), request.attempt(), JobStatus.FAILED, null, error, now());
    }

    /** PostgreSQL keeps microseconds: events carry the same precision, so a replayed event equals the first. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    private static JobEvent finalEvent(JobRequested request, Execution execution) {
        return execution.status() == JobStatus.SUCCEEDED
                ? JobEvent.succeeded(request, execution.output(), execution.finishedAt())
                : JobEvent.failed(request, execution.error(), execution.finishedAt());
    }
}
