package io.inferline.celery.domain;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The value of {@code celery-task-meta-<task id>} as Celery 5's key-value result backends build it
 * ({@code Backend._get_result_meta} and {@code KeyValueStoreBackend._store_result}): {@code status},
 * {@code result}, {@code traceback}, {@code children}, {@code date_done}, then {@code group_id} and
 * {@code parent_id} when the request had them, the request itself with {@code result_extended}, and the
 * {@code task_id} last, encoded as Python's {@code json.dumps} does.
 */
public final class ResultMeta {

    private ResultMeta() {
    }

    /**
     * @param doneAt when the task reached this state; written as {@code date_done} for ready states only
     * @param worker the worker name {@code result_extended} reports, or null to leave the request out
     */
    public static String encode(CeleryState state, Object result, TaskContext task, Instant doneAt, String worker) {
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("status", state.name());
        meta.put("result", result);
        meta.put("traceback", null);
        meta.put("children", List.of());
        meta.put("date_done", state.isReady() ? PythonTime.isoformat(doneAt) : null);
        if (task.group() != null && !task.group().isEmpty()) {
            meta.put("group_id", task.group());
        }
        if (task.parentId() != null && !task.parentId().isEmpty()) {
            meta.put("parent_id", task.parentId());
        }
        if (worker != null) {
            meta.put("name", task.name());
            meta.put("args", task.args());
            meta.put("kwargs", task.kwargs());
            meta.put("worker", worker);
            meta.put("retries", task.retries());
            meta.put("queue", task.queue());
        }
        meta.put("task_id", task.taskId());
        return PythonJson.dumps(meta);
    }

    public static String success(Object result, TaskContext task, Instant doneAt, String worker) {
        return encode(CeleryState.SUCCESS, result, task, doneAt, worker);
    }

    public static String error(CeleryState state, CeleryError error, TaskContext task, Instant doneAt, String worker) {
        return encode(state, error.toResult(), task, doneAt, worker);
    }
}
