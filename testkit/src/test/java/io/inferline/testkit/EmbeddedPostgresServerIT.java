package io.inferline.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The fallback for machines without PostgreSQL server binaries, exercised even where they exist. */
class EmbeddedPostgresServerIT {

    @Test
    void embeddedPostgresServesTheInferlineDatabaseAndStopsOnClose() throws Exception {
        EmbeddedPostgresServer postgres = EmbeddedPostgresServer.start();
        Path directory = postgres.directory();
        try (Connection connection = Jdbc.connect(postgres.jdbcUrl(), PostgresServer.USER, PostgresServer.PASSWORD);
             Statement statement = connection.createStatement();
             ResultSet rs = statement.executeQuery("SELECT current_database(), current_user")) {
            assertTrue(rs.next());
            assertEquals("inferline", rs.getString(1));
            assertEquals("inferline", rs.getString(2));
        } finally {
            postgres.close();
        }
        assertFalse(Ports.acceptsConnections(postgres.port()));
        assertFalse(Files.exists(directory), directory + " still exists");
    }
}
