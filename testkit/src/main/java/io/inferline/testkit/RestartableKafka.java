package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.Uuid;

/**
 * A KRaft Kafka node (broker and controller combined) in a JVM of its own, for a test that stops the broker and
 * starts it again while services use it: fixed ports and a data directory that outlive the process, so the
 * restarted broker is the same broker with the same topics, records and committed offsets. It runs the Kafka
 * server on this JVM's class path (the {@code kafka_2.13} the testkit depends on, with its SLF4J binding) and is
 * ready on its "Kafka Server started" line. Closed on exit at the latest.
 */
public final class RestartableKafka implements StoppableServer {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final String STARTED = "Kafka Server started";

    private final TempDir directory;
    private final int port;
    private ChildProcess process;
    private int starts;
    private boolean closed;

    private RestartableKafka(TempDir directory, int port) {
        this.directory = directory;
        this.port = port;
    }

    public static RestartableKafka launch() {
        TempDir directory = TempDir.create("kafka-restartable");
        try {
            int port = Ports.freePort();
            int controllerPort = Ports.freePort();
            Path config = writeConfig(directory, port, controllerPort);
            Path logback = writeLogbackConfig(directory);
            ChildProcess.run("kafka-storage format", java(logback, "kafka.tools.StorageTool",
                            "format", "-t", Uuid.randomUuid().toString(), "-c", config.toString()),
                    Map.of(), directory.resolve("format.log"), Duration.ofSeconds(60));
            RestartableKafka kafka = Cleanup.onExit(new RestartableKafka(directory, port));
            kafka.start();
            return kafka;
        } catch (RuntimeException e) {
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** SIGTERM: a controlled shutdown that flushes and closes the logs. */
    @Override
    public synchronized void stop() {
        process.close();
    }

    /** SIGKILL: the broker dies mid-write, as on a power loss; its next start recovers the logs. */
    public synchronized void kill() {
        ChildProcess dying = process;
        dying.processTree().forEach(ProcessHandle::destroyForcibly);
        dying.close();
    }

    /** Starts the broker (again) on the same ports and data; returns once it logged that it started. */
    @Override
    public synchronized void start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        starts++;
        Path log = directory.resolve("kafka-" + starts + ".log");
        process = ChildProcess.start("kafka :" + port,
                java(directory.resolve("logback.xml"), "kafka.Kafka", directory.resolve("server.properties").toString()),
                Map.of(), log, ChildProcess.StopSignal.TERM);
        Await.until(this + " to start", START_TIMEOUT, process, () -> logged(log));
    }

    private static boolean logged(Path log) throws IOException {
        return Files.exists(log) && Files.readString(log, StandardCharsets.UTF_8).contains(STARTED);
    }

    private static List<String> java(Path logback, String mainClass, String... arguments) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xmx384m",
                "-Dlogback.configurationFile=" + logback,
                "-cp", System.getProperty("java.class.path"),
                mainClass));
        command.addAll(List.of(arguments));
        return command;
    }

    private static Path writeConfig(TempDir directory, int port, int controllerPort) {
        Path config = directory.resolve("server.properties");
        String properties = """
                process.roles=broker,controller
                node.id=1
                controller.quorum.voters=1@127.0.0.1:%2$d
                listeners=PLAINTEXT://127.0.0.1:%1$d,CONTROLLER://127.0.0.1:%2$d
                advertised.listeners=PLAINTEXT://127.0.0.1:%1$d
                controller.listener.names=CONTROLLER
                inter.broker.listener.name=PLAINTEXT
                listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
                log.dirs=%3$s
                num.partitions=3
                default.replication.factor=1
                min.insync.replicas=1
                offsets.topic.replication.factor=1
                offsets.topic.num.partitions=3
                transaction.state.log.replication.factor=1
                transaction.state.log.min.isr=1
                transaction.state.log.num.partitions=3
                group.initial.rebalance.delay.ms=0
                auto.create.topics.enable=true
                log.cleaner.dedupe.buffer.size=2097152
                """.formatted(port, controllerPort, directory.resolve("data"));
        return write(config, properties);
    }

    /** Quiet, except for the line that says the server is up. */
    private static Path writeLogbackConfig(TempDir directory) {
        return write(directory.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka.server.KafkaRaftServer" level="INFO"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """);
    }

    private static Path write(Path file, String content) {
        try {
            return Files.writeString(file, content);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write " + file, e);
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup.forget(this);
        if (process != null) {
            process.close();
        }
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "Kafka broker (own JVM) at " + bootstrapServers();
    }
}
