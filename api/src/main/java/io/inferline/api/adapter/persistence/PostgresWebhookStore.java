package io.inferline.api.adapter.persistence;

import io.inferline.api.application.webhooks.Delivery;
import io.inferline.api.application.webhooks.DeliveryLog;
import io.inferline.api.application.webhooks.NewDelivery;
import io.inferline.api.application.webhooks.WebhookEndpoint;
import io.inferline.api.application.webhooks.WebhookStore;
import io.inferline.api.domain.Job;
import io.inferline.api.domain.WebhookSignature;
import io.inferline.common.id.Uuids;
import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Webhook deliveries, attempts, endpoints and secrets in the {@code api} schema. */
@Singleton
class PostgresWebhookStore implements WebhookStore {

    private static final String DELIVERY_COLUMNS = "id, tenant_id, job_id, endpoint_id, url, event_type, payload, "
            + "attempts, retry_index";

    private final TransactionOperations<Connection> tx;
    private final PostgresJobStore jobs;
    private final Clock clock;

    PostgresWebhookStore(@Named("api") TransactionOperations<Connection> tx, PostgresJobStore jobs, Clock clock) {
        this.tx = tx;
        this.jobs = jobs;
        this.clock = clock;
    }

    @Override
    public int planChanges(int limit, Planner planner) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            var changes = new ArrayList<Map.Entry<UUID, JobStatus>>();
            try (var ps = connection.prepareStatement("DELETE FROM api.job_changes WHERE id IN (SELECT id FROM "
                    + "api.job_changes ORDER BY id LIMIT ? FOR UPDATE SKIP LOCKED) RETURNING job_id, status")) {
                ps.setInt(1, limit);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        changes.add(Map.entry(rs.getObject(1, UUID.class), JobStatus.fromWireName(rs.getString(2))));
                    }
                }
            }
            var endpointsByTenant = new LinkedHashMap<String, List<WebhookEndpoint>>();
            for (var change : changes) {
                Optional<Job> job = jobs.selectById(connection, change.getKey());
                if (job.isEmpty()) {
                    continue;
                }
                String tenant = job.get().tenantId();
                List<WebhookEndpoint> endpoints = endpointsByTenant.get(tenant);
                if (endpoints == null) {
                    endpoints = endpoints(connection, tenant);
                    endpointsByTenant.put(tenant, endpoints);
                }
                for (NewDelivery delivery : planner.plan(job.get(), change.getValue(), endpoints)) {
                    insert(connection, delivery);
                }
            }
            return changes.size();
        });
    }

    @Override
    public int planOutput(JobOutput output, Planner planner) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            Optional<Job> job = jobs.selectById(connection, output.jobId());
            if (job.isEmpty()) {
                return 0;
            }
            int added = 0;
            for (NewDelivery delivery : planner.planOutput(job.get(), output, endpoints(connection, job.get().tenantId()))) {
                added += insert(connection, delivery);
            }
            return added;
        });
    }

    /** Inserts the delivery unless one with its id exists; returns how many rows it added. */
    private int insert(Connection connection, NewDelivery delivery) throws SQLException {
        try (var ps = connection.prepareStatement("INSERT INTO api.webhook_deliveries (id, tenant_id, job_id, "
                + "endpoint_id, url, event_type, payload, status, next_attempt_at) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, 'pending', ?) ON CONFLICT (id) DO NOTHING")) {
            ps.setString(1, delivery.id());
            ps.setString(2, delivery.tenantId());
            ps.setObject(3, delivery.jobId());
            ps.setObject(4, delivery.endpointId());
            ps.setString(5, delivery.url());
            ps.setString(6, delivery.eventType());
            ps.setString(7, delivery.payload());
            ps.setTimestamp(8, Timestamp.from(clock.instant()));
            return ps.executeUpdate();
        }
    }

    @Override
    public List<Delivery> claimDue(int limit, Duration lease) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE api.webhook_deliveries "
                    + "SET next_attempt_at = ? WHERE id IN (SELECT id FROM api.webhook_deliveries "
                    + "WHERE status = 'pending' AND next_attempt_at <= ? ORDER BY next_attempt_at LIMIT ? "
                    + "FOR UPDATE SKIP LOCKED) RETURNING " + DELIVERY_COLUMNS)) {
                Instant now = clock.instant();
                ps.setTimestamp(1, Timestamp.from(now.plus(lease)));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setInt(3, limit);
                var claimed = new ArrayList<Delivery>();
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        claimed.add(new Delivery(rs.getString("id"), rs.getString("tenant_id"),
                                rs.getObject("job_id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                                rs.getString("url"), rs.getString("event_type"), rs.getString("payload"),
                                rs.getInt("attempts"), rs.getInt("retry_index")));
                    }
                }
                return claimed;
            }
        });
    }

    @Override
    public void recordDelivered(Delivery delivery, DeliveryLog.Attempt attempt) {
        finish(delivery, attempt, "delivered", null, delivery.retryIndex());
    }

    @Override
    public void recordRetry(Delivery delivery, DeliveryLog.Attempt attempt, Instant nextAttemptAt, int nextRetryIndex) {
        finish(delivery, attempt, "pending", nextAttemptAt, nextRetryIndex);
    }

    @Override
    public void recordDead(Delivery delivery, DeliveryLog.Attempt attempt) {
        finish(delivery, attempt, "dead", null, delivery.retryIndex());
    }

    /** Records the attempt and the delivery's new state together. */
    private void finish(Delivery delivery, DeliveryLog.Attempt attempt, String newStatus, Instant nextAttemptAt,
                        int retryIndex) {
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("INSERT INTO api.webhook_attempts (delivery_id, attempt, "
                    + "attempted_at, status_code, latency_ms, response_body, error) VALUES (?, ?, ?, ?, ?, ?, ?) "
                    + "ON CONFLICT DO NOTHING")) {
                ps.setString(1, delivery.id());
                ps.setInt(2, attempt.attempt());
                ps.setTimestamp(3, Timestamp.from(attempt.attemptedAt()));
                ps.setObject(4, attempt.statusCode());
                ps.setLong(5, attempt.latencyMs());
                ps.setString(6, attempt.responseBody());
                ps.setString(7, attempt.error());
                ps.executeUpdate();
            }
            try (var ps = connection.prepareStatement("UPDATE api.webhook_deliveries SET status = ?, attempts = ?, "
                    + "retry_index = ?, next_attempt_at = COALESCE(?, next_attempt_at), finished_at = ? WHERE id = ?")) {
                ps.setString(1, newStatus);
                ps.setInt(2, attempt.attempt());
                ps.setInt(3, retryIndex);
                ps.setTimestamp(4, nextAttemptAt == null ? null : Timestamp.from(nextAttemptAt));
                ps.setTimestamp(5, "pending".equals(newStatus) ? null : Timestamp.from(clock.instant()));
                ps.setString(6, delivery.id());
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void postpone(Delivery delivery, Instant at) {
        update("UPDATE api.webhook_deliveries SET next_attempt_at = ? WHERE id = ?", Timestamp.from(at), delivery.id());
    }

    @Override
    public void disableEndpoint(UUID endpointId, String reason) {
        update("UPDATE api.webhook_endpoints SET disabled_at = ?, disabled_reason = ? WHERE id = ? "
                + "AND disabled_at IS NULL", Timestamp.from(clock.instant()), reason, endpointId);
    }

    @Override
    public List<String> signingSecrets(String tenantId) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            List<String> secrets = activeSecrets(connection, tenantId);
            if (!secrets.isEmpty()) {
                return secrets;
            }
            try (var ps = connection.prepareStatement("INSERT INTO api.webhook_secrets (tenant_id, secret) "
                    + "SELECT ?, ? WHERE NOT EXISTS (SELECT 1 FROM api.webhook_secrets WHERE tenant_id = ? "
                    + "AND (expires_at IS NULL OR expires_at > now()))")) {
                ps.setString(1, tenantId);
                ps.setString(2, WebhookSignature.newSecret());
                ps.setString(3, tenantId);
                ps.executeUpdate();
            }
            return activeSecrets(connection, tenantId);
        });
    }

    private List<String> activeSecrets(Connection connection, String tenantId) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT secret FROM api.webhook_secrets WHERE tenant_id = ? "
                + "AND (expires_at IS NULL OR expires_at > ?) ORDER BY created_at DESC")) {
            ps.setString(1, tenantId);
            ps.setTimestamp(2, Timestamp.from(clock.instant()));
            var secrets = new ArrayList<String>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    secrets.add(rs.getString(1));
                }
            }
            return secrets;
        }
    }

    @Override
    public String rotateSecret(String tenantId, Duration overlap) {
        String secret = WebhookSignature.newSecret();
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            Instant now = clock.instant();
            try (var ps = connection.prepareStatement("UPDATE api.webhook_secrets SET expires_at = ? "
                    + "WHERE tenant_id = ? AND (expires_at IS NULL OR expires_at > ?)")) {
                ps.setTimestamp(1, Timestamp.from(now.plus(overlap)));
                ps.setString(2, tenantId);
                ps.setTimestamp(3, Timestamp.from(now.plus(overlap)));
                ps.executeUpdate();
            }
            try (var ps = connection.prepareStatement("INSERT INTO api.webhook_secrets (tenant_id, secret, created_at) "
                    + "VALUES (?, ?, ?)")) {
                ps.setString(1, tenantId);
                ps.setString(2, secret);
                ps.setTimestamp(3, Timestamp.from(now));
                return ps.executeUpdate();
            }
        });
        return secret;
    }

    @Override
    public WebhookEndpoint createEndpoint(String tenantId, String url, List<String> events) {
        var endpoint = new WebhookEndpoint(Uuids.v7(), url, List.copyOf(events), clock.instant(), null, null);
        tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("INSERT INTO api.webhook_endpoints (id, tenant_id, url, "
                    + "events, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setObject(1, endpoint.id());
                ps.setString(2, tenantId);
                ps.setString(3, url);
                ps.setArray(4, connection.createArrayOf("text", events.toArray()));
                ps.setTimestamp(5, Timestamp.from(endpoint.createdAt()));
                return ps.executeUpdate();
            }
        });
        return endpoint;
    }

    @Override
    public List<WebhookEndpoint> endpoints(String tenantId) {
        return tx.executeRead(status -> endpoints(status.getConnection(), tenantId));
    }

    private static List<WebhookEndpoint> endpoints(Connection connection, String tenantId) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT id, url, events, created_at, disabled_at, disabled_reason "
                + "FROM api.webhook_endpoints WHERE tenant_id = ? ORDER BY created_at")) {
            ps.setString(1, tenantId);
            var endpoints = new ArrayList<WebhookEndpoint>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    endpoints.add(new WebhookEndpoint(rs.getObject("id", UUID.class), rs.getString("url"),
                            List.of((String[]) rs.getArray("events").getArray()), instant(rs, "created_at"),
                            instant(rs, "disabled_at"), rs.getString("disabled_reason")));
                }
            }
            return endpoints;
        }
    }

    @Override
    public boolean deleteEndpoint(String tenantId, UUID endpointId) {
        return update("UPDATE api.webhook_endpoints SET disabled_at = COALESCE(disabled_at, ?), "
                + "disabled_reason = COALESCE(disabled_reason, 'deleted') WHERE id = ? AND tenant_id = ?",
                Timestamp.from(clock.instant()), endpointId, tenantId) == 1;
    }

    @Override
    public List<DeliveryLog> deliveriesOfJob(String tenantId, UUID jobId) {
        return logs("d.tenant_id = ? AND d.job_id = ?", tenantId, jobId);
    }

    @Override
    public List<DeliveryLog> deliveriesOfEndpoint(String tenantId, UUID endpointId) {
        return logs("d.tenant_id = ? AND d.endpoint_id = ?", tenantId, endpointId);
    }

    private List<DeliveryLog> logs(String where, Object... parameters) {
        return tx.executeRead(status -> {
            Connection connection = status.getConnection();
            var deliveries = new LinkedHashMap<String, DeliveryLog>();
            try (var ps = prepare(connection, "SELECT d.id, d.job_id, d.endpoint_id, d.url, d.event_type, d.status, "
                    + "d.created_at, d.next_attempt_at, d.finished_at FROM api.webhook_deliveries d WHERE " + where
                    + " ORDER BY d.created_at, d.id LIMIT 1000", parameters);
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String deliveryStatus = rs.getString("status");
                    deliveries.put(rs.getString("id"), new DeliveryLog(rs.getString("id"),
                            rs.getObject("job_id", UUID.class), rs.getObject("endpoint_id", UUID.class),
                            rs.getString("url"), rs.getString("event_type"), deliveryStatus,
                            instant(rs, "created_at"),
                            "pending".equals(deliveryStatus) ? instant(rs, "next_attempt_at") : null,
                            instant(rs, "finished_at"), new ArrayList<>()));
                }
            }
            if (deliveries.isEmpty()) {
                return List.of();
            }
            try (var ps = connection.prepareStatement("SELECT delivery_id, attempt, attempted_at, status_code, "
                    + "latency_ms, response_body, error FROM api.webhook_attempts WHERE delivery_id = ANY (?) "
                    + "ORDER BY delivery_id, attempt")) {
                ps.setArray(1, connection.createArrayOf("text", deliveries.keySet().toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        deliveries.get(rs.getString("delivery_id")).attempts().add(new DeliveryLog.Attempt(
                                rs.getInt("attempt"), instant(rs, "attempted_at"),
                                (Integer) rs.getObject("status_code"), rs.getLong("latency_ms"),
                                rs.getString("response_body"), rs.getString("error")));
                    }
                }
            }
            return List.copyOf(deliveries.values());
        });
    }

    @Override
    public boolean replay(String tenantId, String deliveryId) {
        return update("UPDATE api.webhook_deliveries SET status = 'pending', retry_index = 0, next_attempt_at = ?, "
                + "finished_at = NULL WHERE id = ? AND tenant_id = ?", Timestamp.from(clock.instant()), deliveryId,
                tenantId) == 1;
    }

    @Override
    public Optional<Instant> oldestDue() {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT min(next_attempt_at) FROM "
                    + "api.webhook_deliveries WHERE status = 'pending' AND next_attempt_at <= ?")) {
                ps.setTimestamp(1, Timestamp.from(clock.instant()));
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.ofNullable(instant(rs, 1)) : Optional.empty();
                }
            }
        });
    }

    private int update(String sql, Object... parameters) {
        return tx.executeWrite(status -> {
            try (var ps = prepare(status.getConnection(), sql, parameters)) {
                return ps.executeUpdate();
            }
        });
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters)
            throws SQLException {
        var ps = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            ps.setObject(i + 1, parameters[i]);
        }
        return ps;
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
