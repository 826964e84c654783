package io.inferline.celery.domain;

import java.util.List;
import java.util.Map;

/**
 * What the result of a task says about its request besides the outcome: the ids Celery links results by
 * ({@code group_id}, {@code parent_id}) and, with {@code result_extended}, the call itself.
 */
public record TaskContext(String taskId, String name, List<Object> args, Map<String, Object> kwargs, int retries,
                          String queue, String group, String parentId, boolean ignoreResult) {
}
