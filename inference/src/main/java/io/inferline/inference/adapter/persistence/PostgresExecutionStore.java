package io.inferline.inference.adapter.persistence;

import io.inferline.common.json.JsonObjects;
import io.inferline.contracts.v1.jobs.JobError;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.inference.application.ExecutionStore;
import io.inferline.inference.domain.Execution;
import io.micronaut.core.type.Argument;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

/** Executions in the {@code inference} schema of PostgreSQL, reached through PgBouncer. */
@Singleton
class PostgresExecutionStore implements ExecutionStore {

    private final TransactionOperations<Connection> tx;
    private final JsonObjects json;

    PostgresExecutionStore(@Named("inference") TransactionOperations<Connection> tx, JsonObjects json) {
        this.tx = tx;
        this.json = json;
    }

    @Override
    public Optional<Execution> startUnlessFinished(UUID jobId, int attempt, Instant at) {
        int started = tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO inference.executions "
                    + "(job_id, attempt, status, started_at) VALUES (?, ?, 'running', ?) "
                    + "ON CONFLICT (job_id, attempt) DO UPDATE SET started_at = EXCLUDED.started_at "
                    + "WHERE executions.status = 'running'")) {
                ps.setObject(1, jobId);
                ps.setInt(2, attempt);
                ps.setTimestamp(3, Timestamp.from(at));
                return ps.executeUpdate();
            }
        });
        // no row inserted or updated: the attempt's row exists and is final (the only other status), a replay
        return started == 1 ? Optional.empty() : find(jobId, attempt);
    }

    @Override
    public void finish(Execution execution) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE inference.executions SET status = ?, "
                    + "output = CAST(? AS jsonb), usage = CAST(? AS jsonb), error_type = ?, error_message = ?, "
                    + "finished_at = ? WHERE job_id = ? AND attempt = ?")) {
                ps.setString(1, execution.status().wireName());
                ps.setString(2, json.write(execution.output()));
                ps.setString(3, json.write(execution.usage()));
                ps.setString(4, execution.error() == null ? null : execution.error().type());
                ps.setString(5, execution.error() == null ? null : execution.error().message());
                ps.setTimestamp(6, Timestamp.from(execution.finishedAt()));
                ps.setObject(7, execution.jobId());
                ps.setInt(8, execution.attempt());
                return ps.executeUpdate();
            }
        });
    }

    private Optional<Execution> find(UUID jobId, int attempt) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT status, output, usage, error_type, "
                    + "error_message, finished_at FROM inference.executions WHERE job_id = ? AND attempt = ?")) {
                ps.setObject(1, jobId);
                ps.setInt(2, attempt);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    String errorType = rs.getString("error_type");
                    Timestamp finishedAt = rs.getTimestamp("finished_at");
                    return Optional.of(new Execution(jobId, attempt, JobStatus.fromWireName(rs.getString("status")),
                            json.readObject(rs.getString("output")),
                            json.read(rs.getString("usage"), Argument.of(Usage.class)),
                            errorType == null ? null : new JobError(errorType, rs.getString("error_message")),
                            finishedAt == null ? null : finishedAt.toInstant()));
                }
            }
        });
    }
}
