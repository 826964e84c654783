package io.inferline.celery.domain;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The result backend values this worker writes, byte for byte against values a real Celery 5.2.6 worker wrote
 * (src/test/resources/celery-fixtures, copied from the shared fixtures).
 */
class ResultMetaTest {

    private static final TaskContext TASK_3 = new TaskContext("3f1c2a9e-0000-4000-8000-000000000003", "tasks.infer",
            List.of("model-a", 3), Map.of(), 0, "celery", null, null, false);

    @Test
    void successIsWhatCeleryWrites() throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", "model-a");
        result.put("n", 3);
        result.put("text", "olleh");
        result.put("tokens", 16);
        result.put("temperature", 0.5);

        String meta = ResultMeta.success(result, TASK_3, Instant.parse("2026-11-22T00:05:39.871825Z"), null);

        assertEquals(fixture("redis-backend-celery-task-meta-SUCCESS.json"), meta);
    }

    @Test
    void successWithResultExtendedIsWhatCeleryWrites() throws IOException {
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("model", "model-j");
        result.put("n", 7);
        result.put("text", "avaj morf");
        result.put("tokens", 8);
        result.put("temperature", 0.0);
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("prompt", "from java");
        kwargs.put("max_tokens", 8);
        var task = new TaskContext("3f1c2a9e-0000-4000-8000-000000000005", "tasks.infer", List.of("model-j", 7),
                kwargs, 0, "celery", null, null, false);

        String meta = ResultMeta.success(result, task, Instant.parse("2026-11-22T00:06:15.135483Z"), "w2@feas");

        assertEquals(fixture("redis-backend-celery-task-meta-SUCCESS-result_extended.json"), meta);
    }

    /** Celery's worker adds the Python traceback; this worker has none to give, and writes null there. */
    @Test
    void failureIsWhatCeleryWritesWithoutItsTraceback() throws IOException {
        String celery = fixture("redis-backend-celery-task-meta-FAILURE.json");
        String traceback = celery.substring(celery.indexOf("\"traceback\": \"") + 13, celery.indexOf(", \"children\""));
        var task = new TaskContext("3f1c2a9e-0000-4000-8000-000000000004", "tasks.infer", List.of(), Map.of(), 0,
                "celery", null, null, false);

        String meta = ResultMeta.error(CeleryState.FAILURE,
                new CeleryError("ValueError", "builtins", List.of("bad prompt: boom")), task,
                Instant.parse("2026-11-22T00:05:43.637819Z"), null);

        assertEquals(celery.replace(traceback, "null"), meta);
    }

    /** Captured from a Celery 5.2.6 worker sent 'tasks.unknown' and a task with countdown=3, expires=1. */
    @Test
    void notRegisteredAndExpiredAreWhatCeleryWrites() {
        var unknown = new TaskContext("lab-notreg-1", "tasks.unknown", List.of(1), Map.of("a", 2), 0, "celery", null,
                null, false);
        assertEquals("{\"status\": \"FAILURE\", \"result\": {\"exc_type\": \"NotRegistered\", \"exc_message\": "
                        + "[\"tasks.unknown\"], \"exc_module\": \"celery.exceptions\"}, \"traceback\": null, "
                        + "\"children\": [], "
                        + "\"date_done\": \"2026-11-22T01:51:24.504066\", \"task_id\": \"lab-notreg-1\"}",
                ResultMeta.error(CeleryState.FAILURE, CeleryError.notRegistered("tasks.unknown"), unknown,
                        Instant.parse("2026-11-22T01:51:24.504066Z"), null));

        var expired = new TaskContext("lab-expired-1", "tasks.infer", List.of(), Map.of(), 0, "celery", null, null,
                false);
        assertEquals("{\"status\": \"REVOKED\", \"result\": {\"exc_type\": \"TaskRevokedError\", \"exc_message\": "
                        + "[\"expired\"], \"exc_module\": \"celery.exceptions\"}, \"traceback\": null, "
                        + "\"children\": [], "
                        + "\"date_done\": \"2026-11-22T01:51:27.502486\", \"task_id\": \"lab-expired-1\"}",
                ResultMeta.error(CeleryState.REVOKED, CeleryError.revoked("expired"), expired,
                        Instant.parse("2026-11-22T01:51:27.502486Z"), null));
    }

    @Test
    void retryHasNoDateDoneAndGroupAndParentAreKept() {
        var task = new TaskContext("t1", "inferline.infer", List.of(), Map.of(), 1, "celery", "g1", "p1", false);
        assertEquals("{\"status\": \"RETRY\", \"result\": {\"exc_type\": \"JobFailed\", \"exc_message\": [\"x\"], "
                        + "\"exc_module\": \"inferline.celery\"}, \"traceback\": null, \"children\": [], "
                        + "\"date_done\": null, "
                        + "\"group_id\": \"g1\", \"parent_id\": \"p1\", \"task_id\": \"t1\"}",
                ResultMeta.error(CeleryState.RETRY, CeleryError.jobFailed("x"), task, Instant.EPOCH, null));
    }

    @Test
    void dateDoneDropsAZeroFractionAsPythonDoes() {
        assertEquals("2026-11-22T00:05:39", PythonTime.isoformat(Instant.parse("2026-11-22T00:05:39Z")));
        assertEquals("2026-11-22T00:05:39.000100", PythonTime.isoformat(Instant.parse("2026-11-22T00:05:39.0001Z")));
    }

    static String fixture(String name) throws IOException {
        try (InputStream in = ResultMetaTest.class.getResourceAsStream("/celery-fixtures/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing fixture " + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
