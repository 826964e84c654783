package io.inferline.inference.application;

import io.inferline.backends.domain.ChunkListener;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.events.JobRequested;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Turns the chunks of one streaming attempt into {@link JobOutput}s: the text of the chunks that arrive within
 * {@code interval} of the last publish is joined into one piece, published when the next chunk comes after the
 * interval or when {@link #finish} flushes the rest. Publishing does not wait for the broker; a failed publish is
 * logged and counted, never fails the job (its final event carries the whole answer).
 */
public final class OutputCoalescer implements ChunkListener {

    private static final Logger LOG = LoggerFactory.getLogger(OutputCoalescer.class);

    private final JobRequested request;
    private final JobOutputs outputs;
    private final Duration interval;
    private final Clock clock;
    private final Runnable onFailedPublish;
    private final StringBuilder pending = new StringBuilder();
    private CompletableFuture<?> published = CompletableFuture.completedFuture(null);
    private Instant lastPublish;
    private long seq;
    private boolean finished;

    public OutputCoalescer(JobRequested request, JobOutputs outputs, Duration interval, Clock clock,
                           Runnable onFailedPublish) {
        this.request = request;
        this.outputs = outputs;
        this.interval = interval;
        this.clock = clock;
        this.onFailedPublish = onFailedPublish;
    }

    /** Takes {@code {"delta": text}} chunks; chunks after {@link #finish} (an abandoned call) are ignored. */
    @Override
    public synchronized void onChunk(Map<String, Object> chunk) {
        if (finished || !(chunk.get("delta") instanceof String delta)) {
            return;
        }
        pending.append(delta);
        Instant now = clock.instant();
        if (lastPublish == null || !now.isBefore(lastPublish.plus(interval))) {
            publishPending(now);
        }
    }

    /**
     * Publishes what is left and waits up to {@code patience} for the broker to have every piece, so that the
     * pieces go out before the job's final event.
     */
    public void finish(Duration patience) throws InterruptedException {
        CompletableFuture<?> all;
        synchronized (this) {
            if (!finished) {
                finished = true;
                publishPending(clock.instant());
            }
            all = published;
        }
        try {
            all.get(patience.toMillis(), TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            // counted and logged where it failed
        } catch (TimeoutException e) {
            LOG.warn("output of job {} attempt {} not confirmed within {} ms; its final event goes out anyway",
                    request.jobId(), request.attempt(), patience.toMillis());
        }
    }

    private void publishPending(Instant now) {
        if (pending.isEmpty()) {
            return;
        }
        var output = new JobOutput(request.jobId(), request.tenantId(), request.attempt(), ++seq, pending.toString(),
                now.truncatedTo(ChronoUnit.MICROS));
        pending.setLength(0);
        lastPublish = now;
        CompletableFuture<?> sent = outputs.publish(output).whenComplete((ignored, failure) -> {
            if (failure != null) {
                onFailedPublish.run();
                LOG.warn("output {} of job {} attempt {} not published: {}", output.seq(), output.jobId(),
                        output.attempt(), failure.toString());
            }
        });
        published = CompletableFuture.allOf(published, sent);
    }
}
