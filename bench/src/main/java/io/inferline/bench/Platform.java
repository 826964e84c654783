package io.inferline.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Inferline as {@code ./inferline up} runs it ({@code platform/target/platform.jar}), in a child JVM so its CPU can be
 * read apart from the load driver's, with the settings the benchmarks need (see docs/performance.md): the bench
 * tenant's limits raised so they never cap a workload, a zero-latency simulator, and the model {@code bench-parked}
 * whose pool no worker serves (submissions are accepted and stay queued, as Celery messages do with no worker), and
 * webhooks allowed to reach the driver's receiver on the loopback address. {@code settings} adds or overrides
 * {@code inferline.*} properties, for a workload that needs the platform configured otherwise (MiniLM unbatched).
 */
public final class Platform implements AutoCloseable {

    /** Far above any rate this machine reaches: the benchmarks measure the path, not the default limits. */
    static final String UNLIMITED = "1000000000";

    private final Process process;
    private final Properties devEnv;

    private Platform(Process process, Properties devEnv) {
        this.process = process;
        this.devEnv = devEnv;
    }

    public static Platform start(Path repository, Path workDir, String name, Map<String, String> settings,
                                 Duration timeout) throws IOException, InterruptedException {
        int port = freePort();
        Path home = Files.createDirectories(workDir.resolve(name + "-home"));
        Path log = workDir.resolve(name + ".log");
        Path devEnvFile = home.resolve(".inferline").resolve("dev.env");
        Files.deleteIfExists(devEnvFile);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java,
                "--enable-native-access=ALL-UNNAMED", "-Dinferline.home=" + home,
                "-Dinferline.rate-limits.requests-per-minute=" + UNLIMITED,
                "-Dinferline.rate-limits.tokens-per-minute=" + UNLIMITED,
                "-Dinferline.rate-limits.concurrent-jobs=" + UNLIMITED,
                "-Dinferline.simulator.latency=0ms",
                "-Dinferline.models.bench-parked.pool=bench",
                "-Dinferline.models.bench-parked.backend=simulator",
                "-Dinferline.webhooks.allowed-networks=127.0.0.1/32"));
        settings.forEach((key, value) -> command.add("-D" + key + "=" + value));
        String jfr = System.getProperty("bench.jfr", "");
        if (!jfr.isBlank()) { // a profile of the platform over the whole run (docs/performance.md, "where the time goes")
            command.add("-XX:StartFlightRecording=settings=profile,filename=" + Path.of(jfr).toAbsolutePath());
        }
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow");
        }
        command.addAll(List.of("-jar", repository.resolve("platform/target/platform.jar").toString()));
        var builder = new ProcessBuilder(command)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().put("INFERLINE_PORT", Integer.toString(port));
        Process process = builder.start();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!Files.isRegularFile(devEnvFile) || Files.size(devEnvFile) == 0) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new IllegalStateException("the platform did not start; see " + log);
            }
            Thread.sleep(200);
        }
        Thread.sleep(500); // the file is written in one call, but let its writer finish
        var devEnv = new Properties();
        try (var reader = Files.newBufferedReader(devEnvFile)) {
            devEnv.load(reader);
        }
        return new Platform(process, devEnv);
    }

    public static Platform start(Path repository, Path workDir, String name, Map<String, String> settings)
            throws IOException, InterruptedException {
        return start(repository, workDir, name, settings, Duration.ofMinutes(4));
    }

    static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    public long pid() {
        return process.pid();
    }

    public String url() {
        return devEnv.getProperty("INFERLINE_URL");
    }

    public String apiKey() {
        return devEnv.getProperty("INFERLINE_API_KEY");
    }

    public String celeryBroker() {
        return devEnv.getProperty("INFERLINE_CELERY_BROKER_URL");
    }

    /** The platform's Redis, database 2: apart from Inferline's keys (0) and its Celery worker's (1). */
    public String spareRedis() {
        String celeryBackend = devEnv.getProperty("INFERLINE_CELERY_RESULT_BACKEND");
        return celeryBackend.substring(0, celeryBackend.lastIndexOf('/')) + "/2";
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy(); // SIGTERM: the launcher's hook stops the services and the infrastructure they started
        if (!process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }
}
