package io.inferline.api.adapter.persistence;

import io.inferline.api.application.JobStore;
import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.events.JobEvent;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.common.json.JsonObjects;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.UUID;

/** Jobs in the {@code api} schema of PostgreSQL, reached through PgBouncer. */
@Singleton
class PostgresJobStore implements JobStore {

    private static final String COLUMNS = "id, tenant_id, model, pool, backend, status, input, output, error_type, "
            + "error_message, attempt, created_at, started_at, finished_at";

    private final TransactionOperations<Connection> tx;
    private final JsonObjects json;

    PostgresJobStore(@Named("api") TransactionOperations<Connection> tx, JsonObjects json) {
        this.tx = tx;
        this.json = json;
    }

    @Override
    public void insert(Job job) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO api.jobs (" + COLUMNS
                    + ") VALUES (?, ?, ?, ?, ?, ?, CAST(? AS jsonb), NULL, NULL, NULL, ?, ?, NULL, NULL)")) {
                ps.setObject(1, job.id());
                ps.setString(2, job.tenantId());
                ps.setString(3, job.model());
                ps.setString(4, job.pool());
                ps.setString(5, job.backend());
                ps.setString(6, job.status().wireName());
                ps.setString(7, json.write(job.input()));
                ps.setInt(8, job.attempt());
                ps.setTimestamp(9, Timestamp.from(job.createdAt()));
                return ps.executeUpdate();
            }
        });
    }

    @Override
    public void delete(UUID id) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("DELETE FROM api.jobs WHERE id = ?")) {
                ps.setObject(1, id);
                return ps.executeUpdate();
            }
        });
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
            try (var ps = connection.prepareStatement("UPDATE api.jobs SET status = ?, attempt = ?, "
                    + "output = COALESCE(CAST(? AS jsonb), output), error_type = ?, error_message = ?, "
                    + "started_at = COALESCE(started_at, CASE WHEN ? THEN CAST(? AS timestamptz) END), "
                    + "finished_at = CASE WHEN ? THEN CAST(? AS timestamptz) ELSE finished_at END, updated_at = now() "
                    + "WHERE id = ? AND status = ANY (?)")) {
                Timestamp at = Timestamp.from(event.occurredAt());
                ps.setString(1, event.status().wireName());
                ps.setInt(2, event.attempt());
                ps.setString(3, json.write(event.output()));
                ps.setString(4, event.error() == null ? null : event.error().type());
                ps.setString(5, event.error() == null ? null : event.error().message());
                ps.setBoolean(6, event.status() == JobStatus.RUNNING);
                ps.setTimestamp(7, at);
                ps.setBoolean(8, event.status().isFinal());
                ps.setTimestamp(9, at);
                ps.setObject(10, event.jobId());
                ps.setArray(11, connection.createArrayOf("text", from));
                ps.executeUpdate();
            }
            try (var ps = connection.prepareStatement("SELECT " + COLUMNS + " FROM api.jobs WHERE id = ?")) {
                ps.setObject(1, event.jobId());
                return readOne(ps);
            }
        });
    }

    private Optional<Job> readOne(PreparedStatement ps) throws SQLException {
        try (ResultSet rs = ps.executeQuery()) {
            return rs.next() ? Optional.of(toJob(rs)) : Optional.empty();
        }
    }

    private Job toJob(ResultSet rs) throws SQLException {
        String errorType = rs.getString("error_type");
        return new Job(
                rs.getObject("id", UUID.class),
                rs.getString("tenant_id"),
                rs.getString("model"),
                rs.getString("pool"),
                rs.getString("backend"),
                JobStatus.fromWireName(rs.getString("status")),
                json.readObject(rs.getString("input")),
                json.readObject(rs.getString("output")),
                errorType == null ? null : new JobError(errorType, rs.getString("error_message")),
                rs.getInt("attempt"),
                instant(rs, "created_at"),
                instant(rs, "started_at"),
                instant(rs, "finished_at"));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp ts = rs.getTimestamp(column);
        return ts == null ? null : ts.toInstant();
    }
}
