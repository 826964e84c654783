package io.inferline.testkit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * PgBouncer in transaction pooling mode in front of a {@link PostgresServer}, as in production. {@link #stop()} ends
 * it: clients lose PostgreSQL as they would in production; {@link #start()} brings it back.
 */
public final class PgBouncer extends ChildProcessServer {
    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(30);

    private PgBouncer(int port, TempDir directory, List<String> command) {
        super("pgbouncer", "pgbouncer.log", port, directory, command, STARTUP_TIMEOUT);
    }

    static Optional<Path> findBinary() {
        return Binaries.find("pgbouncer", "/usr/sbin/pgbouncer");
    }

    static PgBouncer start(Path binary, int postgresPort) {
        return Retry.withFreshPorts("PgBouncer", () -> attempt(binary, postgresPort, Ports.freePort()));
    }

    private static PgBouncer attempt(Path binary, int postgresPort, int port) {
        TempDir directory = TempDir.createForServer("pgbouncer");
        try {
            Path config = writeConfig(directory, postgresPort, port);
            PgBouncer bouncer = new PgBouncer(port, directory,
                    Unprivileged.command(List.of(binary.toString(), config.toString())));
            bouncer.start();
            return bouncer;
        } catch (RuntimeException e) {
            Cleanup.closeQuietly(directory);
            throw e;
        }
    }

    @Override
    String readiness() {
        return "pass queries to PostgreSQL";
    }

    @Override
    boolean answers() throws SQLException {
        return Jdbc.answers(jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
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

    /** Through this PgBouncer, in transaction pooling mode. */
    public String jdbcUrl() {
        return jdbcUrl(port());
    }

    @Override
    public String toString() {
        return "PgBouncer on port " + port();
    }
}
