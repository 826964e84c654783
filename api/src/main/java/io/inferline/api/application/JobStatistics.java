package io.inferline.api.application;

import io.inferline.contracts.v1.jobs.JobOverview;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** Aggregates over a tenant's recent jobs, computed where the jobs are kept. */
public interface JobStatistics {

    /** Of the jobs created since {@code since}: count by status, per-minute flow, submit-to-final latency. */
    record Activity(Map<String, Long> byStatus, List<JobOverview.Minute> perMinute, JobOverview.Latency latencyMs) {
    }

    Activity since(String tenantId, Instant since);
}
