package io.inferline.api.adapter.persistence;

import io.inferline.api.application.JobQuery;
import io.inferline.api.application.JobStore;
import io.inferline.api.domain.Job;
import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.micronaut.core.type.Argument;
import io.micronaut.data.connection.ConnectionOperations;
import io.micronaut.data.exceptions.DataAccessException;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/** Jobs in the {@code api} schema of PostgreSQL, reached through PgBouncer. */
@Singleton
class PostgresJobStore implements JobStore {

    private static final String COLUMNS = "id, tenant_id, model, routed_model, model_version, pool, backend, routing_reason, "
            + "priority, status, input, output, usage, error_type, error_message, metadata, attempt, created_at, "
            + "started_at, finished_at, expires_at, deadline, webhook, webhook_events_filter";

    private final TransactionOperations<Connection> tx;
    private final ConnectionOperations<Connection> connections;
    private final JsonObjects json;
    private final OutboxRelay relay;

    PostgresJobStore(@Named("api") TransactionOperations<Connection> tx,
                     @Named("api") ConnectionOperations<Connection> connections, JsonObjects json, OutboxRelay relay) {
        this.tx = tx;
        this.connections = connections;
        this.json = json;
        this.relay = relay;
    }

    /**
     * Without an idempotency claim, the job and its outbox row are one statement run in autocommit: PostgreSQL
     * commits it as its own transaction, one round trip instead of three (statement, outbox, COMMIT).
     */
    @Override
    public Acceptance accept(Job job, IdempotencyClaim claim) {
        Acceptance acceptance = claim == null
                ? connections.executeWrite(status -> {
                    try {
                        Connection connection = status.getConnection();
                        insertJobAndOutbox(connection, job);
                        if (!connection.getAutoCommit()) { // a pool configured without autocommit: 202 means committed
                            connection.commit();
                        }
                    } catch (SQLException e) {
                        throw new DataAccessException("storing job " + job.id() + " failed", e);
                    }
                    return new Acceptance.Accepted(job);
                })
                : tx.executeWrite(status -> {
                    Connection connection = status.getConnection();
                    Optional<Acceptance> earlier = claimKey(connection, job, claim);
                    if (earlier.isPresent()) {
                        return earlier.get();
                    }
                    insertJobAndOutbox(connection, job);
                    return new Acceptance.Accepted(job);
                });
        if (acceptance instanceof Acceptance.Accepted) {
            relay.wake();
        }
        return acceptance;
    }

    /** Empty when the key is new (and now ours); otherwise what the request that first used it got. */
    private Optional<Acceptance> claimKey(Connection connection, Job job, IdempotencyClaim claim) throws SQLException {
        try (var ps = connection.prepareStatement("INSERT INTO api.idempotency_keys (tenant_id, key, request_hash, "
                + "job_id) VALUES (?, ?, ?, ?) ON CONFLICT (tenant_id, key) DO NOTHING")) {
            ps.setString(1, job.tenantId());
            ps.setString(2, claim.key());
            ps.setString(3, claim.requestHash());
            ps.setObject(4, job.id());
            if (ps.executeUpdate() == 1) {
                return Optional.empty();
            }
        }
        try (var ps = connection.prepareStatement("SELECT k.request_hash, " + qualified("j") + " FROM "
                + "api.idempotency_keys k JOIN api.jobs j ON j.id = k.job_id WHERE k.tenant_id = ? AND k.key = ?")) {
            ps.setString(1, job.tenantId());
            ps.setString(2, claim.key());
            try (ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("idempotency key without its job: " + claim.key());
                }
                return Optional.of(claim.requestHash().equals(rs.getString("request_hash"))
                        ? new Acceptance.Replayed(toJob(rs))
                        : new Acceptance.KeyReused());
            }
        }
    }

    private void insertJobAndOutbox(Connection connection, Job job) throws SQLException {
        var request = new JobRequested(job.id(), job.tenantId(), job.routedModel(), job.backend(), job.pool(),
                job.priority(), job.input(), job.attempt(), job.createdAt(), job.expiresAt(), job.deadline(), job.modelVersion(),
                job.metadata());
        try (var ps = connection.prepareStatement("WITH job AS (INSERT INTO api.jobs (id, tenant_id, model, "
                + "model_version, pool, backend, routing_reason, priority, status, input, metadata, attempt, created_at, "
                + "expires_at, deadline, webhook, webhook_events_filter, routed_model) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, "
                + "CAST(? AS jsonb), CAST(? AS jsonb), ?, ?, ?, ?, ?, ?, ?)) "
                + "INSERT INTO api.outbox (topic, key, payload) VALUES (?, ?, ?)")) {
            ps.setObject(1, job.id());
            ps.setString(2, job.tenantId());
            ps.setString(3, job.model());
            ps.setString(4, job.modelVersion());
            ps.setString(5, job.pool());
            ps.setString(6, job.backend());
            ps.setString(7, job.routingReason());
            ps.setString(8, job.priority().wireName());
            ps.setString(9, job.status().wireName());
            ps.setString(10, json.write(job.input()));
            ps.setString(11, json.write(job.metadata()));
            ps.setInt(12, job.attempt());
            ps.setTimestamp(13, timestamp(job.createdAt()));
            ps.setTimestamp(14, timestamp(job.expiresAt()));
            ps.setTimestamp(15, timestamp(job.deadline()));
            ps.setString(16, job.webhook());
            ps.setArray(17, job.webhookEventsFilter() == null ? null
                    : connection.createArrayOf("text", job.webhookEventsFilter().toArray()));
            ps.setString(18, job.routedModel());
            ps.setString(19, Topics.jobRequests(job.pool(), job.priority()));
            ps.setString(20, job.id().toString());
            ps.setString(21, json.write(request));
            ps.executeUpdate();
        }
    }

    @Override
    public Optional<Job> find(String tenantId, UUID id) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement(
                    "SELECT " + COLUMNS + " FROM api.jobs WHERE id = ? AND tenant_id = ?")) {
                ps.setObject(1, id);
                ps.setString(2, tenantId);
                return readOne(ps);
            }
        });
    }

    @Override
    public List<Job> list(String tenantId, JobQuery query, int limit) {
        var sql = new StringBuilder("SELECT " + COLUMNS + " FROM api.jobs WHERE tenant_id = ?");
        var parameters = new ArrayList<Object>();
        parameters.add(tenantId);
        if (!query.statuses().isEmpty()) {
            sql.append(" AND status = ANY (?)");
            parameters.add(query.statuses().stream().map(JobStatus::wireName).toArray(String[]::new));
        }
        if (query.model() != null) {
            sql.append(" AND model = ?");
            parameters.add(query.model());
        }
        if (query.createdAfter() != null) {
            sql.append(" AND created_at >= ?");
            parameters.add(timestamp(query.createdAfter()));
        }
        if (query.createdBefore() != null) {
            sql.append(" AND created_at < ?");
            parameters.add(timestamp(query.createdBefore()));
        }
        if (!query.metadata().isEmpty()) {
            sql.append(" AND metadata @> CAST(? AS jsonb)");
            parameters.add(json.write(query.metadata()));
        }
        if (query.after() != null) {
            sql.append(" AND id < ?");
            parameters.add(query.after());
        }
        sql.append(" ORDER BY id DESC LIMIT ?");
        parameters.add(limit);
        return tx.executeRead(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement(sql.toString())) {
                for (int i = 0; i < parameters.size(); i++) {
                    Object value = parameters.get(i);
                    if (value instanceof String[] array) {
                        ps.setArray(i + 1, connection.createArrayOf("text", array));
                    } else {
                        ps.setObject(i + 1, value);
                    }
                }
                return readAll(ps);
            }
        });
    }

    /**
     * One conditional UPDATE: an event only lands when the stored state may move to it, so redelivered or
     * reordered events are harmless.
     */
    @Override
    public Optional<Job> apply(JobEvent event) {
        String[] from = Arrays.stream(JobStatus.values())
                .filter(s -> s.canMoveTo(event.status()))
                .map(JobStatus::wireName)
                .toArray(String[]::new);
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            // one statement moves the job, records the change for webhooks and returns the job; only an event that
            // does not move it (a duplicate, or one overtaken) needs a second look
            try (var ps = connection.prepareStatement("WITH moved AS (UPDATE api.jobs SET status = ?, attempt = ?, "
                    + "output = COALESCE(CAST(? AS jsonb), output), usage = COALESCE(CAST(? AS jsonb), usage), "
                    + "error_type = ?, error_message = ?, "
                    + "started_at = COALESCE(started_at, CASE WHEN ? THEN CAST(? AS timestamptz) END), "
                    + "finished_at = CASE WHEN ? THEN CAST(? AS timestamptz) ELSE finished_at END, updated_at = now() "
                    + "WHERE id = ? AND status = ANY (?) RETURNING " + COLUMNS + "), "
                    + "change AS (INSERT INTO api.job_changes (job_id, status) SELECT id, status FROM moved) "
                    + "SELECT " + COLUMNS + " FROM moved")) {
                Timestamp at = timestamp(event.occurredAt());
                ps.setString(1, event.status().wireName());
                ps.setInt(2, event.attempt());
                ps.setString(3, json.write(event.output()));
                ps.setString(4, json.write(event.usage()));
                ps.setString(5, event.error() == null ? null : event.error().type());
                ps.setString(6, event.error() == null ? null : event.error().message());
                ps.setBoolean(7, event.status() == JobStatus.RUNNING);
                ps.setTimestamp(8, at);
                ps.setBoolean(9, event.status().isFinal());
                ps.setTimestamp(10, at);
                ps.setObject(11, event.jobId());
                ps.setArray(12, connection.createArrayOf("text", from));
                Optional<Job> moved = readOne(ps);
                return moved.isPresent() ? moved : selectById(connection, event.jobId());
            }
        });
    }

    @Override
    public Optional<Job> cancel(String tenantId, UUID id, Instant at) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("UPDATE api.jobs SET status = 'canceled', finished_at = ?, "
                    + "error_type = 'canceled', error_message = 'canceled by request', updated_at = now() "
                    + "WHERE id = ? AND tenant_id = ? AND status IN ('queued', 'running')")) {
                ps.setTimestamp(1, timestamp(at));
                ps.setObject(2, id);
                ps.setString(3, tenantId);
                if (ps.executeUpdate() == 1) {
                    recordChange(connection, id, JobStatus.CANCELED);
                }
            }
            return selectById(connection, id).filter(job -> job.tenantId().equals(tenantId));
        });
    }

    @Override
    public List<Job> expireOverdue(Instant now) {
        return tx.executeWrite(status -> {
            Connection connection = status.getConnection();
            try (var ps = connection.prepareStatement("UPDATE api.jobs SET status = 'expired', "
                    + "finished_at = ?, updated_at = now(), "
                    + "error_type = CASE WHEN deadline < ? THEN 'deadline_exceeded' ELSE 'ttl_expired' END, "
                    + "error_message = CASE WHEN deadline < ? THEN 'the job did not finish before its deadline' "
                    + "ELSE 'the job did not start within its ttl_seconds' END "
                    + "WHERE (status = 'queued' AND expires_at < ?) "
                    + "OR (status IN ('queued', 'running') AND deadline < ?) RETURNING " + COLUMNS)) {
                Timestamp at = timestamp(now);
                for (int i = 1; i <= 5; i++) {
                    ps.setTimestamp(i, at);
                }
                List<Job> expired = readAll(ps);
                for (Job job : expired) {
                    recordChange(connection, job.id(), JobStatus.EXPIRED);
                }
                return expired;
            }
        });
    }

    @Override
    public int forgetIdempotencyKeys(Instant cutoff) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement(
                    "DELETE FROM api.idempotency_keys WHERE created_at < ?")) {
                ps.setTimestamp(1, timestamp(cutoff));
                return ps.executeUpdate();
            }
        });
    }

    /** In the transaction that changed the job: the webhook dispatcher reads these (see V3__webhooks.sql). */
    private static void recordChange(Connection connection, UUID jobId, JobStatus status) throws SQLException {
        try (var ps = connection.prepareStatement("INSERT INTO api.job_changes (job_id, status) VALUES (?, ?)")) {
            ps.setObject(1, jobId);
            ps.setString(2, status.wireName());
            ps.executeUpdate();
        }
    }

    Optional<Job> selectById(Connection connection, UUID id) throws SQLException {
        try (var ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM api.jobs WHERE id = ?")) {
            ps.setObject(1, id);
            return readOne(ps);
        }
    }

    private Optional<Job> readOne(PreparedStatement ps) throws SQLException {
        List<Job> jobs = readAll(ps);
        return jobs.isEmpty() ? Optional.empty() : Optional.of(jobs.get(0));
    }

    private List<Job> readAll(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            var jobs = new ArrayList<Job>();
            while (rs.next()) {
                jobs.add(toJob(rs));
            }
            return jobs;
        }
    }

    private Job toJob(ResultSet rs) throws SQLException {
        String errorType = rs.getString("error_type");
        Array filter = rs.getArray("webhook_events_filter");
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("model"),
                rs.getString("routed_model"),
                rs.getString("model_version"),
                rs.getString("pool"),
                rs.getString("backend"),
                rs.getString("routing_reason"),
                Priority.fromWireName(rs.getString("priority")),
                JobStatus.fromWireName(rs.getString("status")),
                json.readObject(rs.getString("input")),
                json.readObject(rs.getString("output")),
                json.read(rs.getString("usage"), Argument.of(Usage.class)),
                errorType == null ? null : new JobError(errorType, rs.getString("error_message")),
                json.read(rs.getString("metadata"), Argument.mapOf(String.class, String.class)),
                rs.getInt("attempt"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"),
                instant(rs, "expires_at"),
                instant(rs, "deadline"),
                rs.getString("webhook"),
                filter == null ? null : List.of((String[]) filter.getArray()));
    }

    private static String qualified(String alias) {
        return Arrays.stream(COLUMNS.split(", ")).map(c -> alias + "." + c).reduce((a, b) -> a + ", " + b).orElseThrow();
    }

    private static Timestamp timestamp(Instant instant) {
        return instant == null ? null : Timestamp.from(instant);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
