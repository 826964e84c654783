package io.inferline.auth.adapter.persistence;

import io.inferline.auth.application.RefreshTokenStore;
import io.inferline.common.id.Uuids;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Refresh tokens in {@code auth.refresh_tokens}; a refresh locks its row so two racing refreshes cannot both win. */
@Singleton
class PostgresRefreshTokenStore implements RefreshTokenStore {

    private final TransactionOperations<Connection> tx;

    PostgresRefreshTokenStore(@Named("auth") TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public void insert(UUID familyId, UUID userId, String sha256, Instant issuedAt, Instant expiresAt) {
        tx.executeWrite(status -> insert(status.getConnection(), familyId, userId, sha256, issuedAt, expiresAt));
    }

    @Override
    public Rotation rotate(String sha256, String nextSha256, Instant now, Instant nextExpiresAt) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            UUID userId;
            UUID familyId;
            boolean rotated;
            boolean live;
            try (var ps = connection.prepareStatement("SELECT user_id, family_id, rotated_at IS NOT NULL, "
                    + "revoked_at IS NULL AND expires_at > ? FROM auth.refresh_tokens WHERE sha256 = ? FOR UPDATE")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, sha256);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return new Rotation(Outcome.INVALID, null, null);
                    }
                    userId = rs.getObject(1, UUID.class);
                    familyId = rs.getObject(2, UUID.class);
                    rotated = rs.getBoolean(3);
                    live = rs.getBoolean(4);
                }
            }
            if (rotated) {
                int revoked = revokeFamily(connection, familyId, now);
                // a family revoked already (logout, an earlier reuse) is simply invalid now
                return revoked > 0 ? new Rotation(Outcome.REUSED, userId, familyId)
                        : new Rotation(Outcome.INVALID, userId, familyId);
            }
            if (!live) {
                return new Rotation(Outcome.INVALID, userId, familyId);
            }
            try (var ps = connection.prepareStatement("UPDATE auth.refresh_tokens SET rotated_at = ? WHERE sha256 = ?")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setString(2, sha256);
                ps.executeUpdate();
            }
            insert(connection, familyId, userId, nextSha256, now, nextExpiresAt);
            return new Rotation(Outcome.ROTATED, userId, familyId);
        });
    }

    @Override
    public Optional<UUID> revokeFamily(String sha256, Instant now) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("SELECT user_id, family_id FROM auth.refresh_tokens WHERE sha256 = ?")) {
                ps.setString(1, sha256);
                try (var rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    UUID userId = rs.getObject(1, UUID.class);
                    revokeFamily(connection, rs.getObject(2, UUID.class), now);
                    return Optional.of(userId);
                }
            }
        });
    }

    @Override
    public void revokeAllOf(UUID userId, Instant now) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE auth.refresh_tokens SET revoked_at = ? "
                    + "WHERE user_id = ? AND revoked_at IS NULL")) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setObject(2, userId);
                return ps.executeUpdate();
            }
        });
    }

    private static int revokeFamily(Connection connection, UUID familyId, Instant now) throws SQLException {
        try (var ps = connection.prepareStatement("UPDATE auth.refresh_tokens SET revoked_at = ? "
                + "WHERE family_id = ? AND revoked_at IS NULL")) {
            ps.setTimestamp(1, Timestamp.from(now));
            ps.setObject(2, familyId);
            return ps.executeUpdate();
        }
    }

    private static int insert(Connection connection, UUID familyId, UUID userId, String sha256, Instant issuedAt,
                              Instant expiresAt) throws SQLException {
        try (var ps = connection.prepareStatement("INSERT INTO auth.refresh_tokens (id, family_id, user_id, sha256, "
                + "issued_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)")) {
            ps.setObject(1, Uuids.v7());
            ps.setObject(2, familyId);
            ps.setObject(3, userId);
            ps.setString(4, sha256);
            ps.setTimestamp(5, Timestamp.from(issuedAt));
            ps.setTimestamp(6, Timestamp.from(expiresAt));
            return ps.executeUpdate();
        }
    }
}
