package io.inferline.auth.adapter.persistence;

import io.inferline.auth.application.IdentityStore;
import io.inferline.auth.domain.ActiveKey;
import io.inferline.auth.domain.KeyInfo;
import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.auth.RateLimits;
import io.micronaut.core.type.Argument;
import io.inferline.common.id.Uuids;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** Tenants, users and API keys in the {@code auth} schema of PostgreSQL, reached through PgBouncer. */
@Singleton
class PostgresIdentityStore implements IdentityStore {

    private static final String ACTIVE_COLUMNS = "id, tenant_id, sha256, scopes, limits, expires_at";

    private final TransactionOperations<Connection> tx;
    private final JsonObjects json;
    private final Clock clock;

    PostgresIdentityStore(@Named("auth") TransactionOperations<Connection> tx, JsonObjects json, Clock clock) {
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public UUID ensureTenant(String name) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO auth.tenants (id, name) VALUES (?, ?) "
                    + "ON CONFLICT (name) DO UPDATE SET name = EXCLUDED.name RETURNING id")) {
                ps.setObject(1, Uuids.v7());
                ps.setString(2, name);
                try (var rs = ps.executeQuery()) {
                    rs.next();
                    return rs.getObject(1, UUID.class);
                }
            }
        });
    }

    @Override
    public void ensureAdmin(UUID tenantId, String email) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO auth.users (id, tenant_id, email, role) "
                    + "VALUES (?, ?, ?, 'admin') ON CONFLICT (email) DO NOTHING")) {
                ps.setObject(1, Uuids.v7());
                ps.setObject(2, tenantId);
                ps.setString(3, email);
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void ensureApiKey(UUID tenantId, String prefix, String sha256, Set<String> scopes) {
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("INSERT INTO auth.api_keys (id, tenant_id, prefix, sha256, scopes) "
                    + "VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING")) {
                ps.setObject(1, Uuids.v7());
                ps.setObject(2, tenantId);
                ps.setString(3, prefix);
                ps.setString(4, sha256);
                ps.setArray(5, connection.createArrayOf("text", scopes.stream().sorted().toArray()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public KeyInfo createKey(UUID tenantId, String name, String prefix, String sha256, Set<String> scopes,
                             RateLimits limits, Instant expiresAt) {
        UUID id = Uuids.v7();
        Instant createdAt = clock.instant();
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("INSERT INTO auth.api_keys (id, tenant_id, prefix, sha256, "
                    + "scopes, name, expires_at, limits, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, CAST(? AS jsonb), ?)")) {
                ps.setObject(1, id);
                ps.setObject(2, tenantId);
                ps.setString(3, prefix);
                ps.setString(4, sha256);
                ps.setArray(5, connection.createArrayOf("text", scopes.stream().sorted().toArray()));
                ps.setString(6, name);
                ps.setTimestamp(7, expiresAt == null ? null : Timestamp.from(expiresAt));
                ps.setString(8, json.write(limits));
                ps.setTimestamp(9, Timestamp.from(createdAt));
                return ps.executeUpdate();
            }
        });
        return new KeyInfo(id, name, prefix, Set.copyOf(scopes), limits, createdAt, expiresAt, null);
    }

    @Override
    public Optional<ActiveKey> findActiveKey(String sha256, Instant now) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + ACTIVE_COLUMNS + " FROM auth.api_keys "
                    + "WHERE sha256 = ? AND revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
                ps.setString(1, sha256);
                ps.setTimestamp(2, Timestamp.from(now));
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(activeKey(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<KeyInfo> keys(UUID tenantId) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT id, name, prefix, scopes, limits, created_at, "
                    + "expires_at, revoked_at FROM auth.api_keys WHERE tenant_id = ? ORDER BY created_at")) {
                ps.setObject(1, tenantId);
                try (var rs = ps.executeQuery()) {
                    var keys = new ArrayList<KeyInfo>();
                    while (rs.next()) {
                        keys.add(new KeyInfo(rs.getObject("id", UUID.class), rs.getString("name"), rs.getString("prefix"),
                                Set.of((String[]) rs.getArray("scopes").getArray()),
                                json.read(rs.getString("limits"), Argument.of(RateLimits.class)),
                                instant(rs, "created_at"), instant(rs, "expires_at"), instant(rs, "revoked_at")));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public Optional<String> revoke(UUID tenantId, UUID keyId, Instant at) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE auth.api_keys SET revoked_at = "
                    + "COALESCE(revoked_at, ?) WHERE id = ? AND tenant_id = ? RETURNING sha256")) {
                ps.setTimestamp(1, Timestamp.from(at));
                ps.setObject(2, keyId);
                ps.setObject(3, tenantId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public List<ActiveKey> activeKeys(Instant now) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + ACTIVE_COLUMNS + " FROM auth.api_keys "
                    + "WHERE revoked_at IS NULL AND (expires_at IS NULL OR expires_at > ?)")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (var rs = ps.executeQuery()) {
                    var keys = new ArrayList<ActiveKey>();
                    while (rs.next()) {
                        keys.add(activeKey(rs));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public List<String> inactiveKeyHashes(Instant now) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT sha256 FROM auth.api_keys "
                    + "WHERE revoked_at IS NOT NULL OR expires_at <= ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (var rs = ps.executeQuery()) {
                    var hashes = new ArrayList<String>();
                    while (rs.next()) {
                        hashes.add(rs.getString(1));
                    }
                    return hashes;
                }
            }
        });
    }

    private ActiveKey activeKey(ResultSet rs) throws SQLException {
        return new ActiveKey(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                rs.getString("sha256"), Set.of((String[]) rs.getArray("scopes").getArray()),
                json.read(rs.getString("limits"), Argument.of(RateLimits.class)), instant(rs, "expires_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
