package io.inferline.api.adapter.persistence;

import io.inferline.api.application.JobStatistics;
import io.inferline.contracts.v1.jobs.JobOverview;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.micronaut.transaction.TransactionOperations;
import jakarta.inject.Named;
import jakarta.inject.Singleton;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The overview's aggregates, from the {@code (tenant_id, created_at)} index of {@code api.jobs}. */
@Singleton
class PostgresJobStatistics implements JobStatistics {

    private static final String BY_STATUS = "SELECT status, count(*) FROM api.jobs WHERE tenant_id = ? AND created_at >= ? "
            + "GROUP BY status";
    private static final String PER_MINUTE = """
            SELECT minute, sum(submitted), sum(finished) FROM (
              SELECT date_trunc('minute', created_at) AS minute, 1 AS submitted, 0 AS finished
                FROM api.jobs WHERE tenant_id = ? AND created_at >= ?
              UNION ALL
              SELECT date_trunc('minute', finished_at), 0, 1
                FROM api.jobs WHERE tenant_id = ? AND created_at >= ? AND finished_at IS NOT NULL
            ) flow GROUP BY minute ORDER BY minute""";
    private static final String LATENCY = "SELECT percentile_cont(ARRAY[0.5, 0.95, 0.99]) WITHIN GROUP (ORDER BY "
            + "extract(epoch FROM finished_at - created_at) * 1000) FROM api.jobs "
            + "WHERE tenant_id = ? AND created_at >= ? AND finished_at IS NOT NULL";

    private final TransactionOperations<Connection> tx;

    PostgresJobStatistics(@Named("api") TransactionOperations<Connection> tx) {
        this.tx = tx;
    }

    @Override
    public Activity since(String tenantId, Instant since) {
        return tx.executeRead(status -> {
            Connection connection = status.getConnection();
            return new Activity(byStatus(connection, tenantId, since), perMinute(connection, tenantId, since),
                    latency(connection, tenantId, since));
        });
    }

    private static Map<String, Long> byStatus(Connection connection, String tenantId, Instant since) throws SQLException {
        Map<String, Long> counts = new LinkedHashMap<>();
        for (JobStatus status : JobStatus.values()) {
            counts.put(status.wireName(), 0L);
        }
        try (var ps = prepare(connection, BY_STATUS, tenantId, since); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                counts.put(rs.getString(1), rs.getLong(2));
            }
        }
        return counts;
    }

    private static List<JobOverview.Minute> perMinute(Connection connection, String tenantId, Instant since)
            throws SQLException {
        var minutes = new ArrayList<JobOverview.Minute>();
        try (var ps = prepare(connection, PER_MINUTE, tenantId, since, tenantId, since); ResultSet rs = ps.executeQuery()) {
            while (rs.next()) {
                minutes.add(new JobOverview.Minute(rs.getTimestamp(1).toInstant(), rs.getLong(2), rs.getLong(3)));
            }
        }
        return minutes;
    }

    private static JobOverview.Latency latency(Connection connection, String tenantId, Instant since)
            throws SQLException {
        try (var ps = prepare(connection, LATENCY, tenantId, since); ResultSet rs = ps.executeQuery()) {
            rs.next();
            var array = rs.getArray(1);
            if (array == null) {
                return new JobOverview.Latency(null, null, null);
            }
            Double[] p = (Double[]) array.getArray();
            return new JobOverview.Latency(p[0], p[1], p[2]);
        }
    }

    private static PreparedStatement prepare(Connection connection, String sql, Object... parameters) throws SQLException {
        var ps = connection.prepareStatement(sql);
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Instant instant) {
                ps.setTimestamp(i + 1, Timestamp.from(instant));
            } else {
                ps.setObject(i + 1, value);
            }
        }
        return ps;
    }
}
