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

    private final int port;
    private final TempDir directory;
    private final ChildProcess process;

    private SystemPostgresServer(int port, TempDir directory, ChildProcess process) {
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
            Path sockets = directory.newDirectory("sockets");
            return Retry.withFreshPorts("PostgreSQL",
                    () -> startServer(binaries, directory, data, sockets, Ports.freePort()));
        } catch (RuntimeException e) {
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    private static SystemPostgresServer startServer(Path binaries, TempDir directory, Path data, Path sockets,
                                                    int port) {
        ChildProcess process = ChildProcess.start("postgres :" + port,
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
        try {
            String adminUrl = "jdbc:postgresql://127.0.0.1:" + port + "/postgres";
            Await.until("PostgreSQL on port " + port + " to accept connections", STARTUP_TIMEOUT, process,
                    () -> Jdbc.answers(adminUrl, USER, PASSWORD));
            Jdbc.execute(adminUrl, USER, PASSWORD, "CREATE DATABASE " + DATABASE);
            return new SystemPostgresServer(port, directory, process);
        } catch (SQLException e) {
            process.close();
            throw process.failure("Cannot create database " + DATABASE + ": " + e.getMessage());
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
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
    public void close() {
        process.close();
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "PostgreSQL on port " + port;
    }
}
