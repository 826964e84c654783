package io.inferline.auth.adapter.persistence;

import io.inferline.auth.application.SigningKeyStore;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Signing keys in {@code auth.signing_keys}. Changes take a transaction-scoped advisory lock (it holds through
 * PgBouncer's transaction pooling), so replicas starting or rotating together still end with one signing key.
 * Private keys are encrypted at rest when {@link PrivateKeyCipher} has a key; plain rows from before are encrypted
 * at start-up, and a key that does not decrypt the stored rows stops the start.
 */
@Singleton
class PostgresSigningKeyStore implements SigningKeyStore {

    /** Any fixed number: the lock that serializes signing-key changes. */
    private static final long LOCK = 0x1f_a117_5163L;
    private static final String COLUMNS = "kid, private_jwk, encrypted, public_jwk, created_at";

    private final TransactionOperations<Connection> tx;
    private final PrivateKeyCipher cipher;

    PostgresSigningKeyStore(@Named("auth") TransactionOperations<Connection> tx, PrivateKeyCipher cipher) {
        this.tx = tx;
        this.cipher = cipher;
    }

    @Override
    public Optional<StoredKey> signing() {
        return tx.executeRead(status -> signing(status.getConnection()));
    }

    @Override
    public List<StoredKey> published(Instant now) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM auth.signing_keys "
                    + "WHERE retired_at IS NULL OR removed_after > ? ORDER BY created_at DESC")) {
                ps.setTimestamp(1, Timestamp.from(now));
                try (var rs = ps.executeQuery()) {
                    var keys = new ArrayList<StoredKey>();
                    while (rs.next()) {
                        keys.add(key(rs));
                    }
                    return keys;
                }
            }
        });
    }

    @Override
    public void ensureSigning(Supplier<StoredKey> fresh) {
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            lock(connection);
            checkAndEncryptStored(connection);
            if (signing(connection).isEmpty()) {
                insert(connection, fresh.get());
            }
            return null;
        });
    }

    @Override
    public Optional<StoredKey> rotate(Supplier<StoredKey> fresh, Instant now, Instant removeAfter,
                                      Instant unlessNewerThan) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            lock(connection);
            Optional<StoredKey> current = signing(connection);
            if (current.isPresent() && current.get().createdAt().isAfter(unlessNewerThan)) {
                return Optional.empty();
            }
            try (var ps = connection.prepareStatement("UPDATE auth.signing_keys SET retired_at = ?, removed_after = ? "
                    + "WHERE retired_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(removeAfter));
                ps.executeUpdate();
            }
            StoredKey key = fresh.get();
            insert(connection, key);
            return Optional.of(key);
        });
    }

    @Override
    public int purge(Instant now) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("DELETE FROM auth.signing_keys "
                    + "WHERE retired_at IS NOT NULL AND removed_after <= ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                return ps.executeUpdate();
            }
        });
    }

    private static void lock(Connection connection) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
            ps.setLong(1, LOCK);
            ps.execute();
        }
    }

    private Optional<StoredKey> signing(Connection connection) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM auth.signing_keys "
                + "WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1");
             var rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(key(rs)) : Optional.empty();
        }
    }

    private void insert(Connection connection, StoredKey key) throws SQLException {
        try (var ps = connection.prepareStatement("INSERT INTO auth.signing_keys (kid, private_jwk, encrypted, "
                + "public_jwk, created_at) VALUES (?, ?, ?, ?, ?)")) {
            ps.setString(1, key.kid());
            ps.setString(2, cipher.enabled() ? cipher.encrypt(key.kid(), key.privateJwk()) : key.privateJwk());
            ps.setBoolean(3, cipher.enabled());
            ps.setString(4, key.publicJwk());
            ps.setTimestamp(5, Timestamp.from(key.createdAt()));
            ps.executeUpdate();
        }
    }

    private StoredKey key(ResultSet rs) throws SQLException {
        String kid = rs.getString("kid");
        String privateJwk = rs.getBoolean("encrypted") ? cipher.decrypt(kid, rs.getString("private_jwk"))
                : rs.getString("private_jwk");
        return new StoredKey(kid, privateJwk, rs.getString("public_jwk"), rs.getTimestamp("created_at").toInstant());
    }

    /** Every stored key must decrypt (a wrong key fails here, at start-up); with a key, plain rows get encrypted. */
    private void checkAndEncryptStored(Connection connection) throws SQLException {
        var plain = new ArrayList<StoredKey>();
        try (var ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM auth.signing_keys");
             var rs = ps.executeQuery()) {
            while (rs.next()) {
                boolean encrypted = rs.getBoolean("encrypted");
                StoredKey key = key(rs);
                if (!encrypted) {
                    plain.add(key);
                }
            }
        }
        if (!cipher.enabled()) {
            return;
        }
        try (var ps = connection.prepareStatement("UPDATE auth.signing_keys SET private_jwk = ?, encrypted = true "
                + "WHERE kid = ? AND NOT encrypted")) {
            for (StoredKey key : plain) {
                ps.setString(1, cipher.encrypt(key.kid(), key.privateJwk()));
                ps.setString(2, key.kid());
                ps.executeUpdate();
            }
        }
    }
}
