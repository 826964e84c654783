package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** PgBouncer in transaction pooling mode in front of a {@link PostgresServer}, as in production. */
public final class PgBouncer implements StoppableServer {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private final int port;
    private final TempDir directory;
    private final List<String> command;
    private ChildProcess process;

    private PgBouncer(int port, TempDir directory, List<String> command, ChildProcess process) {
        this.port = port;
        this.directory = directory;
        this.command = command;
        this.process = process;
    }

    static Optional<Path> findBinary() {
        return Binaries.find("pgbouncer", "/usr/sbin/pgbouncer");
    }

    static PgBouncer start(Path binary, int postgresPort) {
        return Retry.withFreshPorts("PgBouncer", () -> attempt(binary, postgresPort, Ports.freePort()));
    }

    private static PgBouncer attempt(Path binary, int postgresPort, int port) {
        TempDir directory = TempDir.createForServer("pgbouncer");
        ChildProcess process = null;
        try {
            Path config = writeConfig(directory, postgresPort, port);
            List<String> command = Unprivileged.command(List.of(binary.toString(), config.toString()));
            process = launch(port, directory, command);
            return new PgBouncer(port, directory, command, process);
        } catch (RuntimeException e) {
            if (process != null) {
                process.close();
            }
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    private static ChildProcess launch(int port, TempDir directory, List<String> command) {
        ChildProcess process = ChildProcess.start("pgbouncer :" + port, command, Map.of(),
                directory.resolve("pgbouncer.log"), ChildProcess.StopSignal.TERM);
        String url = jdbcUrl(port);
        try {
            Await.until("PgBouncer on port " + port + " to pass queries to PostgreSQL", STARTUP_TIMEOUT, process,
                    () -> Jdbc.answers(url, PostgresServer.USER, PostgresServer.PASSWORD));
        } catch (RuntimeException e) {
            process.close();
            throw e;
        }
        return process;
    }

    /** Ends PgBouncer: clients lose PostgreSQL as they would in production; {@link #start()} brings it back. */
    @Override
    public synchronized void stop() {
        process.close();
    }

    @Override
    public synchronized void start() {
        if (process.isAlive()) {
            return;
        }
        process = launch(port, directory, command);
    }

    private static Path writeConfig(TempDir directory, int postgresPort, int port) {
        Path users = directory.resolve("userlist.txt");
        Path config = directory.resolve("pgbouncer.ini");
        String ini = """
                [databases]
                %s = host=127.0.0.1 port=%d dbname=%s user=%s

                [pgbouncer]
                listen_addr = 127.0.0.1
                listen_port = %d
                unix_socket_dir =
                auth_type = trust
                auth_file = %s
                pool_mode = transaction
                max_client_conn = 2000
                default_pool_size = 20
                server_login_retry = 1
                ignore_startup_parameters = extra_float_digits,options
                """.formatted(PostgresServer.DATABASE, postgresPort, PostgresServer.DATABASE, PostgresServer.USER,
                port, users);
        try {
            Files.writeString(users, "\"%s\" \"%s\"%n".formatted(PostgresServer.USER, PostgresServer.PASSWORD));
            Files.writeString(config, ini);
            return config;
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the PgBouncer configuration", e);
        }
    }

    /**
     * prepareThreshold=0: PgBouncer 1.18 in transaction pooling may run a client's next statement on another
     * server connection, where its server-side prepared statement is missing or is another client's.
     */
    static String jdbcUrl(int port) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + PostgresServer.DATABASE + "?prepareThreshold=0";
    }

    int port() {
        return port;
    }

    /** Through this PgBouncer, in transaction pooling mode. */
    public String jdbcUrl() {
        return jdbcUrl(port);
    }

    @Override
    public synchronized void close() {
        process.close();
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "PgBouncer on port " + port;
    }
}
