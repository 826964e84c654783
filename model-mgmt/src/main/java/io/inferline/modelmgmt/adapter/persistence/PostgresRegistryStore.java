package io.inferline.modelmgmt.adapter.persistence;

import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.modelmgmt.application.RegistryStore;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Registry entries in {@code registry.entries}, reached through PgBouncer; the body is the published JSON. */
@Singleton
class PostgresRegistryStore implements RegistryStore {

    private final TransactionOperations<Connection> tx;
    private final JsonMapper json;

    PostgresRegistryStore(@Named("registry") TransactionOperations<Connection> tx, JsonMapper json) {
        this.tx = tx;
        this.json = json;
    }

    @Override
    public RegistryChange put(RegistryChange change, Instant now, Consumer<RegistryChange> publish) {
        return tx.executeWrite(status -> {
            Connection c = status.getConnection();
            long revision;
            // the upsert locks the row until commit: concurrent writers of one entry publish in commit order
            try (var ps = c.prepareStatement("INSERT INTO registry.entries (kind, name, revision, body, changed_at) "
                    + "VALUES (?, ?, 1, '{}', ?) ON CONFLICT (kind, name) DO UPDATE SET revision = entries.revision + 1, "
                    + "changed_at = EXCLUDED.changed_at RETURNING revision")) {
                ps.setString(1, change.kind());
                ps.setString(2, change.name());
                ps.setTimestamp(3, Timestamp.from(now));
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    revision = rs.getLong(1);
                }
            }
            var stored = new RegistryChange(change.kind(), change.name(), revision, now, change.model(), change.alias(),
                    change.tenantPolicy());
            try (var ps = c.prepareStatement("UPDATE registry.entries SET body = ? WHERE kind = ? AND name = ?")) {
                ps.setString(1, write(stored));
                ps.setString(2, change.kind());
                ps.setString(3, change.name());
                ps.executeUpdate();
            }
            publish.accept(stored);
            return stored;
        });
    }

    @Override
    public boolean delete(String kind, String name, Runnable publish) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("DELETE FROM registry.entries WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind);
                ps.setString(2, name);
                if (ps.executeUpdate() == 0) {
                    return false;
                }
            }
            publish.run();
            return true;
        });
    }

    @Override
    public Optional<RegistryChange> find(String kind, String name) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT body FROM registry.entries WHERE kind = ? AND name = ?")) {
                ps.setString(1, kind);
                ps.setString(2, name);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(read(rs)) : Optional.<RegistryChange>empty();
                }
            }
        });
    }

    @Override
    public List<RegistryChange> all() {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT body FROM registry.entries ORDER BY kind, name");
                 var rs = ps.executeQuery()) {
                List<RegistryChange> changes = new ArrayList<>();
                while (rs.next()) {
                    changes.add(read(rs));
                }
                return changes;
            }
        });
    }

    private RegistryChange read(ResultSet rs) throws SQLException {
        try {
            return json.readValue(rs.getString(1), RegistryChange.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(RegistryChange change) {
        try {
            return json.writeValueAsString(change);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
