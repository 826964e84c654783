package io.inferline.testkit;

import java.nio.file.Path;

/**
 * A PostgreSQL server of the caller's own behind a PgBouncer of its own, for a test that stops the database and
 * starts it again while services use it. PgBouncer stays up throughout (clients keep their connections to it and
 * get errors while the server is away); it retries the server login every second. Needs the machine's PostgreSQL
 * server binaries (Debian's postgresql package) and PgBouncer. Closed on exit at the latest.
 */
public final class RestartablePostgres implements AutoCloseable {

    private final SystemPostgresServer postgres;
    private final PgBouncer pgBouncer;
    private boolean closed;

    private RestartablePostgres(SystemPostgresServer postgres, PgBouncer pgBouncer) {
        this.postgres = postgres;
        this.pgBouncer = pgBouncer;
    }

    public static RestartablePostgres start() {
        Path binaries = SystemPostgresServer.findBinaries().orElseThrow(() -> new IllegalStateException(
                "RestartablePostgres needs the PostgreSQL server binaries under /usr/lib/postgresql (apt-get install postgresql)"));
        Path pgBouncerBinary = PgBouncer.findBinary().orElseThrow(() -> new IllegalStateException(
                "RestartablePostgres needs pgbouncer (apt-get install pgbouncer)"));
        SystemPostgresServer postgres = SystemPostgresServer.start(binaries);
        try {
            return Cleanup.onExit(new RestartablePostgres(postgres, PgBouncer.start(pgBouncerBinary, postgres.port())));
        } catch (RuntimeException e) {
            postgres.close();
            throw e;
        }
    }

    /** PostgreSQL's fast shutdown: every session ends at once; PgBouncer stays. */
    public void stop() {
        postgres.stop();
    }

    /** Starts PostgreSQL again with the same data on the same port; returns once it accepts connections. */
    public void startAgain() {
        postgres.startAgain();
    }

    /** Direct to PostgreSQL, e.g. for Flyway. */
    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** Through PgBouncer in transaction pooling mode. */
    public String pooledJdbcUrl() {
        return pgBouncer.jdbcUrl();
    }

    public String user() {
        return PostgresServer.USER;
    }

    public String password() {
        return PostgresServer.PASSWORD;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        Cleanup.forget(this);
        pgBouncer.close();
        postgres.close();
    }

    @Override
    public String toString() {
        return postgres + " behind " + pgBouncer;
    }
}
