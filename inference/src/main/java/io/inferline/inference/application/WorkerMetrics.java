package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Usage;

import java.time.Duration;
import java.util.function.IntSupplier;

/** What a worker measures, per pool and model. */
public interface WorkerMetrics {

    /** A job started running after waiting {@code queued} since it was submitted. */
    void started(JobRequested request, Duration queued);

    /** A backend call of the job ended (answered, failed, canceled or out of time) after {@code took}. */
    void backendCalled(JobRequested request, Duration took);

    /** The job reached a final state on this worker; {@code usage} is null unless it succeeded. */
    void finished(JobRequested request, JobStatus status, Usage usage);

    /** A piece of a streaming job's answer could not be published (the job goes on; its final event has it all). */
    void outputLost(JobRequested request);

    /** Follows a pool's consumer: requests in flight and partitions paused for back-pressure. */
    void watch(String pool, IntSupplier inFlight, IntSupplier pausedPartitions);
}
