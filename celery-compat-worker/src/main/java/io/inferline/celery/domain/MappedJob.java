package io.inferline.celery.domain;

import io.inferline.contracts.v1.jobs.Priority;

import java.util.Map;

/**
 * The job a task asks for, before the transport's priority and the task's expiry are applied.
 *
 * @param priority   a priority the task's arguments name, or null to derive it from the message
 * @param ttlSeconds a ttl the task's arguments name, or null
 * @param deadline   an RFC 3339 deadline the task's arguments name, or null
 * @param metadata   metadata the task's arguments name (empty if none)
 */
public record MappedJob(String model, Map<String, Object> input, Priority priority, Long ttlSeconds, String deadline,
                        Map<String, String> metadata) {
}
