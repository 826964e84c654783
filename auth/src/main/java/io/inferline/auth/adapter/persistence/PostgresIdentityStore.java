package io.inferline.auth.adapter.persistence;

import io.inferline.auth.application.IdentityStore;
import io.inferline.auth.domain.ActiveKey;
import io.inferline.common.id.Uuids;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/** Tenants, users and API keys in the {@code auth} schema of PostgreSQL, reached through PgBouncer. */
@Singleton
class PostgresIdentityStore implements IdentityStore {

    private final TransactionOperations<Connection> tx;

    PostgresIdentityStore(@Named("auth") TransactionOperations<Connection> tx) {
        this.tx = tx;
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
    public List<ActiveKey> activeKeys() {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement(
                    "SELECT id, tenant_id, sha256, scopes FROM auth.api_keys WHERE revoked_at IS NULL");
                 var rs = ps.executeQuery()) {
                var keys = new ArrayList<ActiveKey>();
                while (rs.next()) {
                    keys.add(new ActiveKey(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class),
                            rs.getString("sha256"), Set.of((String[]) rs.getArray("scopes").getArray())));
                }
                return keys;
            }
        });
    }

    @Override
    public List<String> revokedKeyHashes() {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement(
                    "SELECT sha256 FROM auth.api_keys WHERE revoked_at IS NOT NULL");
                 var rs = ps.executeQuery()) {
                var hashes = new ArrayList<String>();
                while (rs.next()) {
                    hashes.add(rs.getString(1));
                }
                return hashes;
            }
        });
    }
}
