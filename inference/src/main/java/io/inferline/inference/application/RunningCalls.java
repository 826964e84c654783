package io.inferline.inference.application;

import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.Backend;
import jakarta.annotation.PreDestroy;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Backend calls in flight, each on its own virtual thread so that canceling one (an interrupt) never touches the
 * Kafka consumer's thread. A call ends in one of four ways: it answers, it fails, its job is canceled, or it
 * passes its job's deadline.
 */
@Singleton
public class RunningCalls {

    private final Map<UUID, Future<BackendResult>> running = new ConcurrentHashMap<>();
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final Clock clock;

    public RunningCalls(CancellationSignals signals, Clock clock) {
        this.clock = clock;
        signals.subscribe(this::cancel);
    }

    public sealed interface Outcome {
        record Answered(BackendResult result) implements Outcome {
        }

        record Failed(BackendException error) implements Outcome {
        }

        record Canceled() implements Outcome {
        }

        record DeadlinePassed() implements Outcome {
        }
    }

    /** Runs the call until it ends; {@code deadline} may be null. */
    public Outcome run(Backend backend, BackendCall call, Instant deadline) throws InterruptedException {
        Future<BackendResult> future = threads.submit(() -> backend.invoke(call));
        running.put(call.requestId(), future);
        try {
            BackendResult result = deadline == null ? future.get()
                    : future.get(Math.max(0, Duration.between(clock.instant(), deadline).toMillis()), TimeUnit.MILLISECONDS);
            return new Outcome.Answered(result);
        } catch (TimeoutException e) {
            future.cancel(true);
            return new Outcome.DeadlinePassed();
        } catch (InterruptedException e) {
            // the worker is stopping and hands the job back: its backend call must not outlive it
            future.cancel(true);
            throw e;
        } catch (CancellationException e) {
            return new Outcome.Canceled();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof BackendException backendError) {
                return new Outcome.Failed(backendError);
            }
            if (e.getCause() instanceof InterruptedException) {
                return new Outcome.Canceled();
            }
            throw new IllegalStateException("backend " + backend.getClass().getSimpleName() + " failed unexpectedly", e.getCause());
        } finally {
            running.remove(call.requestId(), future);
        }
    }

    private void cancel(UUID jobId) {
        Future<BackendResult> future = running.get(jobId);
        if (future != null) {
            future.cancel(true);
        }
    }

    @PreDestroy
    void close() {
        threads.shutdownNow();
    }
}
