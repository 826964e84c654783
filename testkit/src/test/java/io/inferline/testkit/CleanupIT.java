package io.inferline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

class CleanupIT {

    @Test
    void closingRedisKillsItsProcessAndDeletesItsDirectory() {
        RedisServer redis = RedisServer.startStandalone();
        long pid = redis.pid();
        Path directory = redis.directory();
        assertTrue(isAlive(pid));
        assertTrue(Files.isDirectory(directory));

        redis.close();

        assertFalse(isAlive(pid), "redis-server still running");
        assertFalse(Files.exists(directory), directory + " still exists");
        assertFalse(Ports.acceptsConnections(redis.port()));
    }

    @Test
    void closingPostgresStopsEveryServerProcessAndDeletesItsDirectory() throws Exception {
        Path binaries = SystemPostgresServer.findBinaries().orElse(null);
        Assumptions.assumeTrue(binaries != null, "no PostgreSQL server binaries");
        SystemPostgresServer postgres = SystemPostgresServer.start(binaries);
        List<ProcessHandle> processes = postgres.processTree();
        assertTrue(processes.size() > 1, "postmaster and its workers expected: " + processes);
        Path directory = postgres.directory();
        assertTrue(Jdbc.answers(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD));

        postgres.close();

        for (ProcessHandle process : processes) {
            assertFalse(process.isAlive(), "postgres process " + process.pid() + " still running");
        }
        assertFalse(Ports.acceptsConnections(postgres.port()));
        assertFalse(Files.exists(directory), directory + " still exists");
    }

    @Test
    void closingRabbitMqKillsTheWholeProcessTree() {
        RabbitMqServer rabbitMq = RabbitMqServer.startNode();
        List<ProcessHandle> tree = rabbitMq.processTree();
        assertTrue(tree.size() >= 3, "rabbitmq-server, beam.smp and epmd expected: " + tree);

        rabbitMq.close();

        for (ProcessHandle process : tree) {
            assertFalse(process.isAlive(), process + " " + process.info().command().orElse("") + " still running");
        }
        assertFalse(Ports.acceptsConnections(rabbitMq.port()));
    }

    @Test
    void jvmExitStopsWhatWasLeftRunningAndExitsNormally() throws Exception {
        String java = ProcessHandle.current().info().command().orElseThrow();
        Process probe = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                ExitHookProbe.class.getName())
                .redirectErrorStream(true)
                .start();
        Map<String, String> reported = new HashMap<>();
        try (BufferedReader out = new BufferedReader(
                new InputStreamReader(probe.getInputStream(), StandardCharsets.UTF_8))) {
            StringBuilder output = new StringBuilder();
            String line;
            while ((line = out.readLine()) != null) {
                output.append(line).append('\n');
                int eq = line.indexOf('=');
                if (eq > 0 && line.matches("(pid|dir|kafka)=.*")) {
                    reported.put(line.substring(0, eq), line.substring(eq + 1));
                }
            }
            assertTrue(probe.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, probe.exitValue(), output.toString());
            assertTrue(reported.keySet().containsAll(List.of("pid", "dir", "kafka")), output.toString());
        }
        long pid = Long.parseLong(reported.get("pid"));
        assertFalse(isAlive(pid), "redis-server " + pid + " survived the JVM that started it");
        assertFalse(Files.exists(Path.of(reported.get("dir"))), reported.get("dir") + " survived the JVM");
        assertFalse(Files.exists(Path.of(reported.get("kafka"))), reported.get("kafka") + " survived the JVM");
    }

    private static boolean isAlive(long pid) {
        return ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
