package io.inferline.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Workload 5a: jobs submitted with a {@code webhook} to a receiver in the driver's JVM (the JDK's HTTP server,
 * answering {@code 204}), timed from the first submit to the arrival of the last job's first delivery. The receiver
 * counts distinct {@code webhook-id}s and checks nothing else (signatures are api's WebhookIT's business). Each run
 * has its own path, so a late retry of an earlier run is never counted in a later one.
 */
final class WebhookDeliveryRate implements AutoCloseable {

    private final HttpServer server;
    private final Set<String> delivered = ConcurrentHashMap.newKeySet();
    private final AtomicLong lastDeliveryNanos = new AtomicLong();
    private volatile String runPath = "";
    private volatile CountDownLatch allDelivered = new CountDownLatch(0);
    private int runs;

    WebhookDeliveryRate() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", this::receive);
        server.start();
    }

    /** Submits {@code jobs} jobs of {@code model} from {@code threads} connections and waits for their webhooks. */
    Measurement run(JobsEndToEnd submitter, int threads, int jobs, String model, Duration timeout,
                    ProcessTreeCpu cpu) throws InterruptedException {
        String path = "/run-" + ++runs;
        delivered.clear();
        allDelivered = new CountDownLatch(jobs);
        runPath = path;
        String body = "{\"model\":\"%s\",\"input\":{\"prompt\":\"Hello\"},\"webhook\":\"http://127.0.0.1:%d%s\"}"
                .formatted(model, server.getAddress().getPort(), path);
        var errors = new AtomicLong();
        double cpuBefore = cpu.seconds();
        long started = System.nanoTime();
        submitter.submit(threads, jobs, body, errors);
        allDelivered.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
        double cpuSeconds = cpu.seconds() - cpuBefore;
        int count = delivered.size();
        double seconds = count == 0 ? 0 : (lastDeliveryNanos.get() - started) / 1e9;
        return new Measurement(count, jobs - count, seconds, 0, 0, Double.NaN).withCpu(cpuSeconds);
    }

    private void receive(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String id = exchange.getRequestHeaders().getFirst("webhook-id");
            if (exchange.getRequestURI().getPath().equals(runPath) && id != null && delivered.add(id)) {
                lastDeliveryNanos.accumulateAndGet(System.nanoTime(), Math::max);
                allDelivered.countDown();
            }
            exchange.sendResponseHeaders(204, -1);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
