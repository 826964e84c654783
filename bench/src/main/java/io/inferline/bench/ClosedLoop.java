package io.inferline.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * A closed-loop HTTP load: {@code connections} threads each send one request, wait for its answer, and send the next,
 * for a warm-up and then a measured period. Each thread has its own {@link HttpClient}, so each keeps its own
 * connection (one shared client would multiplex threads over a pool of its choosing). Latency is recorded in an
 * HdrHistogram from 1 µs to 60 s with 3 significant digits; an answer with an unexpected status counts as an error.
 */
public final class ClosedLoop {

    private final int connections;
    private final Duration warmUp;
    private final Duration measured;

    public ClosedLoop(int connections, Duration warmUp, Duration measured) {
        this.connections = connections;
        this.warmUp = warmUp;
        this.measured = measured;
    }

    /**
     * Runs the load. {@code request} makes the n-th request of a thread; {@code cpu} (may be null) is read at the
     * start and end of the measured period.
     */
    public Measurement run(IntFunction<HttpRequest> request, int expectedStatus, ProcessTreeCpu cpu)
            throws InterruptedException {
        Histogram latencies = new ConcurrentHistogram(TimeUnit.SECONDS.toMicros(60), 3);
        AtomicBoolean recording = new AtomicBoolean(false);
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicLong operations = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < connections; i++) {
            threads.add(Thread.ofPlatform().name("load-" + i).start(() -> {
                try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                        .connectTimeout(Duration.ofSeconds(5)).build()) {
                    int n = 0;
                    while (running.get()) {
                        long started = System.nanoTime();
                        boolean ok;
                        try {
                            var response = client.send(request.apply(n++), HttpResponse.BodyHandlers.discarding());
                            ok = response.statusCode() == expectedStatus;
                        } catch (java.io.IOException e) {
                            ok = false;
                        } catch (InterruptedException e) {
                            return;
                        }
                        if (recording.get()) {
                            if (ok) {
                                latencies.recordValue(Math.max(1, (System.nanoTime() - started) / 1000));
                                operations.incrementAndGet();
                            } else {
                                errors.incrementAndGet();
                            }
                        }
                    }
                }
            }));
        }
        Thread.sleep(warmUp.toMillis());
        double cpuBefore = cpu == null ? 0 : cpu.seconds();
        long started = System.nanoTime();
        recording.set(true);
        Thread.sleep(measured.toMillis());
        recording.set(false);
        double seconds = (System.nanoTime() - started) / 1e9;
        double cpuSeconds = cpu == null ? Double.NaN : cpu.seconds() - cpuBefore;
        running.set(false);
        for (Thread thread : threads) {
            thread.join(Duration.ofSeconds(30));
        }
        return new Measurement(operations.get(), errors.get(), seconds,
                latencies.getValueAtPercentile(50) / 1000.0, latencies.getValueAtPercentile(99) / 1000.0, Double.NaN)
                .withCpu(cpuSeconds);
    }
}
