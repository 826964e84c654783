package io.inferline.auth.adapter.persistence;

import io.inferline.auth.application.AuditLog;
import io.inferline.auth.domain.AuditEntry;
import io.inferline.common.id.Uuids;
import io.inferline.common.json.JsonObjects;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The audit log in {@code auth.audit_log}. */
@Singleton
class PostgresAuditLog implements AuditLog {

    private static final Argument<Map<String, Object>> DETAILS = Argument.mapOf(String.class, Object.class);

    private final TransactionOperations<Connection> tx;
    private final JsonObjects json;
    private final Clock clock;

    PostgresAuditLog(@Named("auth") TransactionOperations<Connection> tx, JsonObjects json, Clock clock) {
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void record(UUID tenantId, String actor, String action, String target, Map<String, Object> details) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO auth.audit_log (id, tenant_id, at, "
                    + "actor, action, target, details) VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb))")) {
                ps.setObject(1, Uuids.v7());
                ps.setObject(2, tenantId);
                ps.setTimestamp(3, Timestamp.from(clock.instant()));
                ps.setString(4, actor);
                ps.setString(5, action);
                ps.setString(6, target);
                ps.setString(7, json.write(details));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public List<AuditEntry> list(UUID tenantId, String action, int limit) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT id, at, actor, action, target, details "
                    + "FROM auth.audit_log WHERE tenant_id = ? AND (CAST(? AS text) IS NULL OR action = ?) "
                    + "ORDER BY at DESC, id DESC LIMIT ?")) {
                ps.setObject(1, tenantId);
                ps.setString(2, action);
                ps.setString(3, action);
                ps.setInt(4, limit);
                try (var rs = ps.executeQuery()) {
                    var entries = new ArrayList<AuditEntry>();
                    while (rs.next()) {
                        String details = rs.getString("details");
                        entries.add(new AuditEntry(rs.getObject("id", UUID.class), rs.getTimestamp("at").toInstant(),
                                rs.getString("actor"), rs.getString("action"), rs.getString("target"),
                                details == null ? Map.of() : json.read(details, DETAILS)));
                    }
                    return entries;
                }
            }
        });
    }
}
