package io.inferline.testkit;

/** A throwaway PostgreSQL server with a database and superuser both named {@code inferline}. */
sealed interface PostgresServer extends AutoCloseable permits SystemPostgresServer, EmbeddedPostgresServer {
    String DATABASE = "inferline";
    String USER = "inferline";
    String PASSWORD = "inferline";

    /** The machine's PostgreSQL server if installed, otherwise the embedded binaries. */
    static PostgresServer start() {
        return SystemPostgresServer.findBinaries()
                .<PostgresServer>map(SystemPostgresServer::start)
                .orElseGet(EmbeddedPostgresServer::start);
    }

    int port();

    default String jdbcUrl() {
        return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
    }

    @Override
    void close();
}
