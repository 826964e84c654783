package io.inferline.celery.application;

import io.inferline.celery.domain.MappedJob;
import io.inferline.celery.domain.PriorityRule;
import io.inferline.celery.domain.TaskMessage;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code POST /v1/jobs} body for a task: the mapped model and input; the priority the task asks for or its
 * message priority; the task's {@code expires} as the job's {@code ttl_seconds} (both mean "do not start after"),
 * counted from when the job is due; and metadata naming the task, so its jobs can be listed
 * ({@code GET /v1/jobs?metadata.celery_task_id=…}).
 */
@Singleton
public class JobRequests {

    public static final String TASK_ID_METADATA = "celery_task_id";
    /** The API's largest {@code ttl_seconds}; a task expiring later gets none (it would hardly wait a week). */
    static final long MAX_TTL_SECONDS = Duration.ofDays(7).toSeconds();
    public static final String TASK_NAME_METADATA = "celery_task";

    private final JsonMapper json;

    public JobRequests(JsonMapper json) {
        this.json = json;
    }

    public String body(TaskMessage task, MappedJob job, PriorityRule priorities, Instant due) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("model", job.model());
        body.put("input", job.input());
        body.put("priority", (job.priority() != null ? job.priority()
                : priorities.of(task.transport(), task.priority())).wireName());
        Long ttl = ttlSeconds(task.expires(), due);
        if (ttl != null && ttl > MAX_TTL_SECONDS) {
            ttl = null;
        }
        if (job.ttlSeconds() != null) {
            ttl = ttl == null ? job.ttlSeconds() : Math.min(ttl, job.ttlSeconds());
        }
        if (ttl != null) {
            body.put("ttl_seconds", ttl);
        }
        if (job.deadline() != null) {
            body.put("deadline", job.deadline());
        }
        Map<String, String> metadata = new LinkedHashMap<>(job.metadata());
        metadata.put(TASK_ID_METADATA, task.id());
        metadata.put(TASK_NAME_METADATA, task.name());
        body.put("metadata", metadata);
        return write(body);
    }

    /** The same request for a retry due at {@code due}: only its ttl changes, as the task's expiry comes closer. */
    public String forRetry(String jobRequest, Instant expires, Instant due) {
        Long ttl = ttlSeconds(expires, due);
        if (ttl == null || ttl > MAX_TTL_SECONDS) {
            return jobRequest;
        }
        try {
            Map<String, Object> body = json.readValue(jobRequest, Argument.mapOf(String.class, Object.class));
            body.merge("ttl_seconds", ttl, (old, now) -> Math.min(((Number) old).longValue(), (Long) now));
            return write(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whole seconds from {@code due} to {@code expires}, rounded up, at least 1; null without an expiry. */
    static Long ttlSeconds(Instant expires, Instant due) {
        if (expires == null) {
            return null;
        }
        Duration left = Duration.between(due, expires);
        long seconds = left.getSeconds() + (left.getNano() > 0 ? 1 : 0);
        return Math.max(1, seconds);
    }

    private String write(Map<String, Object> body) {
        try {
            return json.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
