package io.inferline.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Python Celery (Debian's python3-celery, run with {@code /usr/bin/python3}) on RabbitMQ, through the scripts in
 * {@code bench/peers/celery}: the load ({@code celery_load.py}) and, for the end-to-end workload, a worker with one
 * prefork process per core consuming the queue {@code bench}.
 */
public final class CeleryPeer {

    private static final String PYTHON = "/usr/bin/python3";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path scripts;
    private final Path workDir;
    private final Map<String, String> environment;

    public CeleryPeer(Path scripts, Path workDir, String amqpBroker, String redisBackend, int threads) {
        this.scripts = scripts;
        this.workDir = workDir;
        this.environment = Map.of("BENCH_CELERY_BROKER", amqpBroker, "BENCH_CELERY_BACKEND", redisBackend,
                "BENCH_THREADS", Integer.toString(threads));
    }

    /**
     * {@code threads} sending threads in each of {@code processes} Python processes (one process is bound by its GIL);
     * {@code confirmed}: each publish waits for RabbitMQ's publisher confirm (not Celery's default).
     */
    public Measurement submit(int processes, int threads, double warmUpSeconds, double measuredSeconds,
                              boolean confirmed) throws IOException, InterruptedException {
        return load(Map.of("BENCH_CELERY_CONFIRM", confirmed ? "1" : "0", "BENCH_THREADS", Integer.toString(threads)),
                List.of("submit", Integer.toString(threads), Double.toString(warmUpSeconds),
                        Double.toString(measuredSeconds), Integer.toString(processes)));
    }

    public Measurement endToEnd(int threads, int tasks) throws IOException, InterruptedException {
        return load(Map.of(), List.of("e2e", Integer.toString(threads), Integer.toString(tasks)));
    }

    /** Drops the messages earlier submit runs left in the queue. */
    public void purge() throws IOException, InterruptedException {
        run(List.of(PYTHON, "-m", "celery", "-A", "bench_tasks", "purge", "-f", "-Q", "bench"), "celery-purge.log")
                .waitFor(120, TimeUnit.SECONDS);
    }

    public Process startWorker(int concurrency) throws IOException {
        return run(List.of(PYTHON, "-m", "celery", "-A", "bench_tasks", "worker", "-Q", "bench", "-P", "prefork",
                "--concurrency=" + concurrency, "--loglevel=WARNING", "--without-gossip", "--without-mingle",
                "--without-heartbeat"), "celery-worker.log");
    }

    private Measurement load(Map<String, String> extraEnvironment, List<String> arguments) throws IOException,
            InterruptedException {
        List<String> command = new ArrayList<>(List.of(PYTHON, "celery_load.py"));
        command.addAll(arguments);
        var builder = new ProcessBuilder(command).directory(scripts.toFile())
                .redirectError(ProcessBuilder.Redirect.appendTo(workDir.resolve("celery-load.log").toFile()));
        builder.environment().putAll(environment);
        builder.environment().putAll(extraEnvironment);
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes()).strip();
        if (process.waitFor() != 0 || output.isEmpty()) {
            throw new IllegalStateException("celery_load.py failed; see " + workDir.resolve("celery-load.log"));
        }
        JsonNode result = JSON.readTree(output.substring(output.lastIndexOf('\n') + 1));
        return new Measurement(result.get("operations").asLong(), result.get("errors").asLong(),
                result.get("seconds").asDouble(), result.get("p50_ms").asDouble(), result.get("p99_ms").asDouble(),
                Double.NaN);
    }

    private Process run(List<String> command, String log) throws IOException {
        var builder = new ProcessBuilder(command).directory(scripts.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(workDir.resolve(log).toFile()));
        builder.environment().putAll(environment);
        return builder.start();
    }
}
