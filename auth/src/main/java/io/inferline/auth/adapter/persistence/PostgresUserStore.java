package io.inferline.auth.adapter.persistence;

import io.inferline.access.Roles;
import io.inferline.auth.application.EmailTakenException;
import io.inferline.auth.application.UserStore;
import io.inferline.auth.domain.User;
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
import java.util.UUID;

/** Users in {@code auth.users}. */
@Singleton
class PostgresUserStore implements UserStore {

    private static final String COLUMNS = "id, tenant_id, email, role, password_hash, created_at, disabled_at";
    private static final String UNIQUE_VIOLATION = "23505";

    private final TransactionOperations<Connection> tx;
    private final Clock clock;

    PostgresUserStore(@Named("auth") TransactionOperations<Connection> tx, Clock clock) {
        this.tx = tx;
        this.clock = clock;
    }

    @Override
    public Optional<User> byEmail(String email) {
        return one("SELECT " + COLUMNS + " FROM auth.users WHERE email = ?", email);
    }

    @Override
    public Optional<User> byId(UUID userId) {
        return one("SELECT " + COLUMNS + " FROM auth.users WHERE id = ?", userId);
    }

    @Override
    public Optional<User> byId(UUID tenantId, UUID userId) {
        return one("SELECT " + COLUMNS + " FROM auth.users WHERE id = ? AND tenant_id = ?", userId, tenantId);
    }

    @Override
    public List<User> list(UUID tenantId) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + COLUMNS
                    + " FROM auth.users WHERE tenant_id = ? ORDER BY created_at, email")) {
                ps.setObject(1, tenantId);
                try (var rs = ps.executeQuery()) {
                    var users = new ArrayList<User>();
                    while (rs.next()) {
                        users.add(user(rs));
                    }
                    return users;
                }
            }
        });
    }

    @Override
    public User create(UUID tenantId, String email, Roles role, String passwordHash) {
        UUID id = Uuids.v7();
        Instant createdAt = clock.instant();
        try {
            tx.executeWrite(status -> {
                try (var ps = status.getConnection().prepareStatement("INSERT INTO auth.users (id, tenant_id, email, "
                        + "role, password_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)")) {
                    ps.setObject(1, id);
                    ps.setObject(2, tenantId);
                    ps.setString(3, email);
                    ps.setString(4, role.wireName());
                    ps.setString(5, passwordHash);
                    ps.setTimestamp(6, Timestamp.from(createdAt));
                    return ps.executeUpdate();
                }
            });
        } catch (Exception e) { // the transaction template rethrows the driver's SQLException as it is
            if (isUniqueViolation(e)) {
                throw new EmailTakenException();
            }
            throw e;
        }
        return new User(id, tenantId, email, role, passwordHash, createdAt, null);
    }

    @Override
    public Optional<User> update(UUID tenantId, UUID userId, Roles role, Boolean disabled, Instant now) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE auth.users SET role = COALESCE(?, role), "
                    + "disabled_at = CASE WHEN ? IS NULL THEN disabled_at WHEN ? THEN COALESCE(disabled_at, ?) "
                    + "ELSE NULL END WHERE id = ? AND tenant_id = ? RETURNING " + COLUMNS)) {
                ps.setString(1, role == null ? null : role.wireName());
                ps.setObject(2, disabled, java.sql.Types.BOOLEAN);
                ps.setObject(3, disabled, java.sql.Types.BOOLEAN);
                ps.setTimestamp(4, Timestamp.from(now));
                ps.setObject(5, userId);
                ps.setObject(6, tenantId);
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    @Override
    public boolean setPassword(UUID tenantId, UUID userId, String passwordHash) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE auth.users SET password_hash = ? "
                    + "WHERE id = ? AND tenant_id = ?")) {
                ps.setString(1, passwordHash);
                ps.setObject(2, userId);
                ps.setObject(3, tenantId);
                return ps.executeUpdate() == 1;
            }
        });
    }

    @Override
    public void setPasswordIfNone(String email, String passwordHash) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE auth.users SET password_hash = ? "
                    + "WHERE email = ? AND password_hash IS NULL")) {
                ps.setString(1, passwordHash);
                ps.setString(2, email);
                return ps.executeUpdate();
            }
        });
    }

    private Optional<User> one(String sql, Object... parameters) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                try (var rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(user(rs)) : Optional.empty();
                }
            }
        });
    }

    private static User user(ResultSet rs) throws SQLException {
        Timestamp disabled = rs.getTimestamp("disabled_at");
        return new User(rs.getObject("id", UUID.class), rs.getObject("tenant_id", UUID.class), rs.getString("email"),
                Roles.of(rs.getString("role")).orElseThrow(), rs.getString("password_hash"),
                rs.getTimestamp("created_at").toInstant(), disabled == null ? null : disabled.toInstant());
    }

    private static boolean isUniqueViolation(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }
}
