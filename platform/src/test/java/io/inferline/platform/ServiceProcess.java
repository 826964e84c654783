package io.inferline.platform;

import io.inferline.testkit.Infrastructure;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One Inferline service started from its jar ({@code java -jar <module>/target/<module>.jar}) with settings from
 * the environment only, as its container runs it. Its output goes to {@code target/service-logs}.
 */
final class ServiceProcess implements AutoCloseable {

    private static final Path LOGS = Path.of("target", "service-logs");
    // generous: on a shared build machine under load a service has taken 80 s to start
    private static final Duration START_TIMEOUT = Duration.ofSeconds(240);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String service;
    private final int port;
    private final Map<String, String> environment;
    private final String logName;
    private final List<String> jvmArguments;
    private Process process;
    private int starts;

    private ServiceProcess(String service, int port, Map<String, String> environment, String logName,
                           List<String> jvmArguments) {
        this.service = service;
        this.port = port;
        this.environment = environment;
        this.logName = logName;
        this.jvmArguments = jvmArguments;
    }

    /** Starts the service on a free port against the shared infrastructure; {@code extra} adds settings. */
    static ServiceProcess start(String service, Map<String, String> extra) throws Exception {
        return start(service, extra, service, List.of());
    }

    /**
     * As {@link #start(String, Map)}, writing its output to {@code target/service-logs/<logName>.log} (which is
     * emptied first), with JVM arguments such as system properties.
     */
    static ServiceProcess start(String service, Map<String, String> extra, String logName, List<String> jvmArguments)
            throws Exception {
        var infrastructure = Infrastructure.shared();
        int port = JobLifecycleIT.freePort();
        var env = new HashMap<String, String>();
        env.put("INFERLINE_PORT", Integer.toString(port));
        env.put("INFERLINE_DB_URL", infrastructure.pooledJdbcUrl());
        env.put("INFERLINE_DB_MIGRATION_URL", infrastructure.postgresJdbcUrl());
        env.put("INFERLINE_DB_USER", infrastructure.databaseUser());
        env.put("INFERLINE_DB_PASSWORD", infrastructure.databasePassword());
        env.put("INFERLINE_KAFKA_BOOTSTRAP_SERVERS", infrastructure.kafkaBootstrapServers());
        env.put("INFERLINE_REDIS_URI", infrastructure.redisUri());
        env.putAll(extra);
        var process = new ServiceProcess(service, port, env, logName, List.copyOf(jvmArguments));
        if (!logName.equals(service)) {
            Files.deleteIfExists(process.log());
        }
        process.launch();
        return process;
    }

    /** Starts it again, same port and settings, after {@link #kill()}. */
    void restart() throws IOException {
        launch();
    }

    private void launch() throws IOException {
        Path jar = Path.of("..", service, "target", service + ".jar").toAbsolutePath().normalize();
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException(jar + " is missing: the reactor builds it before the integration tests");
        }
        Files.createDirectories(LOGS);
        String java = ProcessHandle.current().info().command().orElse("java");
        var command = new ArrayList<>(List.of(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
        command.addAll(jvmArguments);
        command.addAll(List.of("-jar", jar.toString()));
        var builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()));
        builder.environment().putAll(environment);
        process = builder.start();
        starts++;
    }

    void awaitReady() throws Exception {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                if (send(HttpRequest.newBuilder(uri("/health/readiness")).GET()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(250);
        }
        throw new AssertionError(service + " (start " + starts + ") was not ready within " + START_TIMEOUT + "; log:\n"
                + Files.readString(log()));
    }

    /** SIGKILL: no shutdown hook, no graceful anything, like a node that loses power. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return HTTP.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Everything the process wrote to standard output and error. */
    Path log() {
        return LOGS.resolve(logName + ".log");
    }

    @Override
    public void close() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroy();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }
}
