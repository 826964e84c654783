package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.inference.config.WorkerProperties;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Which jobs forward the pieces of their answer as {@code JobOutput}s: those whose input asks for
 * {@code "stream": true} (OpenAI's opt-in). Other jobs cost nothing extra and report their answer when it ends.
 */
@Singleton
public class OutputForwarding {

    /** How long a job's final event waits for its last pieces to reach the broker. */
    static final Duration FLUSH_PATIENCE = Duration.ofSeconds(5);

    private final JobOutputs outputs;
    private final WorkerMetrics metrics;
    private final Duration interval;
    private final Clock clock;

    public OutputForwarding(JobOutputs outputs, WorkerMetrics metrics, WorkerProperties properties, Clock clock) {
        this.outputs = outputs;
        this.metrics = metrics;
        this.interval = properties.getOutputInterval();
        this.clock = clock;
    }

    /** A listener for the job's streamed pieces, or empty when the job does not stream. */
    public Optional<OutputCoalescer> forJob(JobRequested request) {
        if (request.input() == null || !Boolean.TRUE.equals(request.input().get("stream"))) {
            return Optional.empty();
        }
        return Optional.of(new OutputCoalescer(request, outputs, interval, clock, () -> metrics.outputLost(request)));
    }
}
