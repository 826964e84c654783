package io.inferline.testkit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/** A throwaway cluster made with the machine's PostgreSQL server binaries (Debian's postgresql package). */
final class SystemPostgresServer implements PostgresServer {
    private static final Path DEBIAN_INSTALLATIONS = Path.of("/usr/lib/postgresql");
    private static final Duration INITDB_TIMEOUT = Duration.ofSeconds(120);
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(60);

    private final Path binaries;
    private final int port;
    private final TempDir directory;
    private ChildProcess process;

    private SystemPostgresServer(Path binaries, int port, TempDir directory, ChildProcess process) {
        this.binaries = binaries;
        this.port = port;
        this.directory = directory;
        this.process = process;
    }

    /** The bin directory of the newest installed server version that has initdb and postgres. */
    static Optional<Path> findBinaries() {
        if (!Files.isDirectory(DEBIAN_INSTALLATIONS)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(DEBIAN_INSTALLATIONS)) {
            return versions
                    .sorted(Comparator.comparing(SystemPostgresServer::majorVersion).reversed())
                    .map(version -> version.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static double majorVersion(Path installation) {
        try {
            return Double.parseDouble(installation.getFileName().toString());
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    static SystemPostgresServer start(Path binaries) {
        TempDir directory = TempDir.createForServer("postgres");
        try {
            Path data = directory.resolve("data");
            ChildProcess.run("initdb", Unprivileged.command(List.of(binaries.resolve("initdb").toString(),
                            "-D", data.toString(), "--no-sync", "-U", USER, "--auth=trust", "-E", "UTF8", "--no-locale")),
                    Map.of(), directory.resolve("initdb.log"), INITDB_TIMEOUT);
            directory.newDirectory("sockets");
            return Retry.withFreshPorts("PostgreSQL", () -> startServer(binaries, directory, Ports.freePort()));
        } catch (RuntimeException e) {
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    private static SystemPostgresServer startServer(Path binaries, TempDir directory, int port) {
        ChildProcess process = launch(binaries, directory, port);
        try {
            String adminUrl = adminUrl(port);
            awaitConnections(process, port);
            Jdbc.execute(adminUrl, USER, PASSWORD, "CREATE DATABASE " + DATABASE);
            return new SystemPostgresServer(binaries, port, directory, process);
        } catch (SQLException e) {
            process.close();
            throw process.failure("Cannot create database " + DATABASE + ": " + e.getMessage());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
    }

    private static ChildProcess launch(Path binaries, TempDir directory, int port) {
        Path data = directory.resolve("data");
        Path sockets = directory.resolve("sockets");
        return ChildProcess.start("postgres :" + port,
                Unprivileged.command(List.of(binaries.resolve("postgres").toString(),
                        "-D", data.toString(),
                        "-p", Integer.toString(port),
                        "-k", sockets.toString(),
                        "-c", "listen_addresses=127.0.0.1",
                        "-c", "fsync=off",
                        "-c", "synchronous_commit=off",
                        "-c", "full_page_writes=off",
                        "-c", "max_connections=200")),
                Map.of(), directory.resolve("postgres.log"), ChildProcess.StopSignal.INT);
    }

    private static void awaitConnections(ChildProcess process, int port) {
        Await.until("PostgreSQL on port " + port + " to accept connections", STARTUP_TIMEOUT, process,
                () -> Jdbc.answers(adminUrl(port), USER, PASSWORD));
    }

    private static String adminUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
    }

    /** Fast shutdown (SIGINT): open sessions are ended, the data directory stays for {@link #startAgain()}. */
    synchronized void stop() {
        process.close();
    }

    /** Starts the server again on the same port and data directory after {@link #stop()}. */
    synchronized void startAgain() {
        if (process.isAlive()) {
            throw new IllegalStateException(this + " is still running");
        }
        process = launch(binaries, directory, port);
        awaitConnections(process, port);
    }

    @Override
    public int port() {
        return port;
    }

    /** The postmaster and its backends and background workers. */
    List<ProcessHandle> processTree() {
        return process.processTree();
    }

    Path directory() {
        return directory.path();
    }

    @Override
    public synchronized void close() {
        process.close();
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port;
    }
}
