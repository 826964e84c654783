package io.inferline.inference.adapter.metrics;

import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.inference.application.WorkerMetrics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micronaut.core.annotation.Nullable;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.function.IntSupplier;

/**
 * The worker's meters at {@code /prometheus}: {@code inferline_jobs_finished_total{pool,model,status}},
 * {@code inferline_jobs_running{pool}}, {@code inferline_inference_tokens_total{pool,model,kind}} (rate() of it is
 * tokens/s), {@code inferline_worker_queue_wait_seconds} and {@code inferline_worker_backend_latency_seconds}
 * (histograms by pool and model), {@code inferline_worker_paused_partitions{pool}} and
 * {@code inferline_worker_output_lost_total{pool,model}} (pieces of streaming answers that could not be published).
 */
@Singleton
class MicrometerWorkerMetrics implements WorkerMetrics {

    private static final Duration SHORTEST = Duration.ofMillis(1);
    private static final Duration LONGEST = Duration.ofMinutes(30);

    private final MeterRegistry meters;

    MicrometerWorkerMetrics(@Nullable MeterRegistry meters) {
        this.meters = meters == null ? new SimpleMeterRegistry() : meters;
    }

    @Override
    public void started(JobRequested request, Duration queued) {
        histogram("inferline.worker.queue.wait", "time from submission to the start of a job's run", request)
                .record(queued.isNegative() ? Duration.ZERO : queued);
    }

    @Override
    public void backendCalled(JobRequested request, Duration took) {
        histogram("inferline.worker.backend.latency", "duration of backend calls", request).record(took);
    }

    @Override
    public void finished(JobRequested request, JobStatus status, Usage usage) {
        Counter.builder("inferline.jobs.finished").description("jobs that reached a final state on a worker")
                .tags(jobTags(request)).tag("status", status.wireName())
                .register(meters).increment();
        if (usage != null) {
            tokens(request, "prompt", usage.promptTokens());
            tokens(request, "completion", usage.completionTokens());
        }
    }

    @Override
    public void outputLost(JobRequested request) {
        Counter.builder("inferline.worker.output.lost").description("pieces of streaming answers not published")
                .tags(jobTags(request)).register(meters).increment();
    }

    @Override
    public void watch(String pool, IntSupplier inFlight, IntSupplier pausedPartitions) {
        Gauge.builder("inferline.jobs.running", inFlight::getAsInt).description("job requests a worker runs now")
                .tags("pool", pool).register(meters);
        Gauge.builder("inferline.worker.paused.partitions", pausedPartitions::getAsInt)
                .description("partitions a worker paused because it cannot start their requests yet")
                .tags("pool", pool).register(meters);
    }

    private void tokens(JobRequested request, String kind, long count) {
        if (count > 0) {
            Counter.builder("inferline.inference.tokens").description("tokens processed by backends")
                    .tags(jobTags(request)).tag("kind", kind)
                    .register(meters).increment(count);
        }
    }

    private static Tags jobTags(JobRequested request) {
        return Tags.of("pool", String.valueOf(request.pool()), "model", String.valueOf(request.model()));
    }

    private Timer histogram(String name, String description, JobRequested request) {
        return Timer.builder(name).description(description)
                .tags(jobTags(request))
                .publishPercentileHistogram().minimumExpectedValue(SHORTEST).maximumExpectedValue(LONGEST)
                .register(meters);
    }
}
