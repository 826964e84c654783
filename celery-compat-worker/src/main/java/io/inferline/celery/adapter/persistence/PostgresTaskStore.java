package io.inferline.celery.adapter.persistence;

import io.inferline.celery.application.TaskStore;
import io.inferline.celery.domain.TaskContext;
import io.inferline.celery.domain.TaskRecord;
import io.inferline.celery.domain.TaskState;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Tasks in the {@code celery} schema of PostgreSQL, reached through PgBouncer (one statement per transaction). */
@Singleton
class PostgresTaskStore implements TaskStore {

    private static final String COLUMNS = "task_id, task_name, retries, state, job_request, due_at, expires_at, "
            + "job_id, args, kwargs, queue, group_id, parent_id, ignore_result";

    private final TransactionOperations<Connection> tx;
    private final JsonMapper json;

    PostgresTaskStore(@Named("celery") TransactionOperations<Connection> tx, JsonMapper json) {
        this.tx = tx;
        this.json = json;
    }

    @Override
    public Stored insertIfAbsent(TaskRecord record, Instant at) {
        boolean inserted = tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("INSERT INTO celery.tasks (" + COLUMNS
                    + ", received_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, CAST(? AS json), CAST(? AS json), "
                    + "?, ?, ?, ?, ?, ?) ON CONFLICT (task_id) DO NOTHING")) {
                int i = bind(ps, record);
                ps.setTimestamp(i++, Timestamp.from(at));
                ps.setTimestamp(i, Timestamp.from(at));
                return ps.executeUpdate() == 1;
            }
        });
        if (inserted) {
            return new Stored(record, true);
        }
        return new Stored(findOne("task_id = ?", record.taskId()).orElseThrow(() ->
                new IllegalStateException("task " + record.taskId() + " neither inserted nor found")), false);
    }

    @Override
    public TaskRecord replace(TaskRecord record, Instant at) {
        tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE celery.tasks SET task_id = ?, task_name = ?, "
                    + "retries = ?, state = ?, job_request = ?, due_at = ?, expires_at = ?, job_id = ?, "
                    + "args = CAST(? AS json), kwargs = CAST(? AS json), queue = ?, group_id = ?, parent_id = ?, "
                    + "ignore_result = ?, result_state = NULL, received_at = ?, updated_at = ? WHERE task_id = ?")) {
                int i = bind(ps, record);
                ps.setTimestamp(i++, Timestamp.from(at));
                ps.setTimestamp(i++, Timestamp.from(at));
                ps.setString(i, record.taskId());
                return ps.executeUpdate();
            }
        });
        return record;
    }

    @Override
    public void markSubmitted(String taskId, UUID jobId, Instant at) {
        update("UPDATE celery.tasks SET state = 'submitted', job_id = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'submitting'", jobId, Timestamp.from(at), taskId);
    }

    @Override
    public Optional<TaskRecord> findByJob(UUID jobId) {
        return findOne("job_id = ?", jobId);
    }

    @Override
    public boolean markFinished(String taskId, UUID jobId, String resultState, Instant at) {
        String sql = "UPDATE celery.tasks SET state = 'finished', result_state = ?, updated_at = ? "
                + "WHERE task_id = ? AND state <> 'finished' AND " + (jobId == null ? "job_id IS NULL" : "job_id = ?");
        return jobId == null
                ? update(sql, resultState, Timestamp.from(at), taskId) == 1
                : update(sql, resultState, Timestamp.from(at), taskId, jobId) == 1;
    }

    @Override
    public boolean scheduleRetry(String taskId, UUID failedJobId, int retries, String jobRequest, Instant dueAt,
                                 Instant at) {
        return update("UPDATE celery.tasks SET state = 'scheduled', retries = ?, job_request = ?, due_at = ?, "
                        + "job_id = NULL, updated_at = ? WHERE task_id = ? AND job_id = ? AND state = 'submitted'",
                retries, jobRequest, Timestamp.from(dueAt), Timestamp.from(at), taskId, failedJobId) == 1;
    }

    @Override
    public List<TaskRecord> claimDue(Instant now, Instant staleBefore, int limit) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement("UPDATE celery.tasks t SET state = 'submitting', "
                    + "updated_at = ? FROM (SELECT task_id FROM celery.tasks "
                    + "WHERE (state = 'scheduled' AND due_at <= ?) OR (state = 'submitting' AND updated_at < ?) "
                    + "ORDER BY due_at LIMIT ? FOR UPDATE SKIP LOCKED) due "
                    + "WHERE t.task_id = due.task_id RETURNING " + prefixed("t."))) {
                ps.setTimestamp(1, Timestamp.from(now));
                ps.setTimestamp(2, Timestamp.from(now));
                ps.setTimestamp(3, Timestamp.from(staleBefore));
                ps.setInt(4, limit);
                return readAll(ps);
            }
        });
    }

    @Override
    public void release(String taskId, Instant dueAt, Instant at) {
        update("UPDATE celery.tasks SET state = 'scheduled', due_at = ?, updated_at = ? "
                + "WHERE task_id = ? AND state = 'submitting'", Timestamp.from(dueAt), Timestamp.from(at), taskId);
    }

    @Override
    public List<TaskRecord> unresolved(Instant before, int limit) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM celery.tasks "
                    + "WHERE state = 'submitted' AND updated_at < ? ORDER BY updated_at LIMIT ?")) {
                ps.setTimestamp(1, Timestamp.from(before));
                ps.setInt(2, limit);
                return readAll(ps);
            }
        });
    }

    @Override
    public void touch(String taskId, Instant at) {
        update("UPDATE celery.tasks SET updated_at = ? WHERE task_id = ?", Timestamp.from(at), taskId);
    }

    @Override
    public int deleteFinished(Instant before) {
        return update("DELETE FROM celery.tasks WHERE state = 'finished' AND updated_at < ?", Timestamp.from(before));
    }

    private Optional<TaskRecord> findOne(String condition, Object value) {
        return tx.executeRead(status -> {
            try (var ps = status.getConnection().prepareStatement("SELECT " + COLUMNS + " FROM celery.tasks WHERE "
                    + condition)) {
                ps.setObject(1, value);
                List<TaskRecord> found = readAll(ps);
                return found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
            }
        });
    }

    private int update(String sql, Object... parameters) {
        return tx.executeWrite(status -> {
            try (var ps = status.getConnection().prepareStatement(sql)) {
                for (int i = 0; i < parameters.length; i++) {
                    ps.setObject(i + 1, parameters[i]);
                }
                return ps.executeUpdate();
            }
        });
    }

    /** Binds the columns of {@link #COLUMNS} in order; returns the next parameter index. */
    private int bind(PreparedStatement ps, TaskRecord record) throws SQLException {
        TaskContext context = record.context();
        int i = 1;
        ps.setString(i++, context.taskId());
        ps.setString(i++, context.name());
        ps.setInt(i++, context.retries());
        ps.setString(i++, record.state().dbName());
        ps.setString(i++, record.jobRequest());
        ps.setTimestamp(i++, Timestamp.from(record.dueAt()));
        ps.setTimestamp(i++, record.expiresAt() == null ? null : Timestamp.from(record.expiresAt()));
        ps.setObject(i++, record.jobId());
        ps.setString(i++, write(context.args()));
        ps.setString(i++, write(context.kwargs()));
        ps.setString(i++, context.queue());
        ps.setString(i++, context.group());
        ps.setString(i++, context.parentId());
        ps.setBoolean(i++, context.ignoreResult());
        return i;
    }

    private List<TaskRecord> readAll(PreparedStatement ps) throws SQLException {
        List<TaskRecord> records = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                records.add(read(rs));
            }
        }
        return records;
    }

    private TaskRecord read(ResultSet rs) throws SQLException {
        var context = new TaskContext(rs.getString("task_id"), rs.getString("task_name"),
                readArgs(rs.getString("args")), readKwargs(rs.getString("kwargs")), rs.getInt("retries"),
                rs.getString("queue"), rs.getString("group_id"), rs.getString("parent_id"),
                rs.getBoolean("ignore_result"));
        Timestamp expires = rs.getTimestamp("expires_at");
        return new TaskRecord(context, TaskState.fromDb(rs.getString("state")), rs.getString("job_request"),
                rs.getTimestamp("due_at").toInstant(), expires == null ? null : expires.toInstant(),
                rs.getObject("job_id", UUID.class));
    }

    private static String prefixed(String alias) {
        return alias + COLUMNS.replace(", ", ", " + alias);
    }

    private String write(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private List<Object> readArgs(String text) {
        try {
            return json.readValue(text, Argument.listOf(Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private Map<String, Object> readKwargs(String text) {
        try {
            return json.readValue(text, Argument.mapOf(String.class, Object.class));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
