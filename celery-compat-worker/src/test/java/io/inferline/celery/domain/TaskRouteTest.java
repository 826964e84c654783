package io.inferline.celery.domain;

import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TaskRouteTest {

    private final TaskRoute builtIn = TaskRoute.builtIn();

    /** The task of the shared fixtures: tasks.infer('model-a', 3, prompt='hello', max_tokens=16, temperature=0.5). */
    private final TaskRoute tasksInfer = new TaskRoute("tasks.infer", List.of("model", "n"), null, "model", null,
            List.of("prompt", "max_tokens", "temperature"), false, "text", 2, Duration.ofSeconds(3));

    @Test
    void theBuiltInTaskTakesModelInputAndJobOptions() {
        MappedJob job = builtIn.map(List.of("sim-chat", Map.of("prompt", "hi")),
                Map.of("priority", "high", "ttl_seconds", 30, "metadata", Map.of("team", "a")));

        assertEquals("sim-chat", job.model());
        assertEquals(Map.of("prompt", "hi"), job.input());
        assertEquals(Priority.HIGH, job.priority());
        assertEquals(30L, job.ttlSeconds());
        assertEquals(Map.of("team", "a"), job.metadata());
    }

    @Test
    void theBuiltInTaskTakesKeywordArgumentsToo() {
        MappedJob job = builtIn.map(List.of(), Map.of("model", "sim-chat", "input", Map.of("prompt", "hi")));
        assertEquals("sim-chat", job.model());
        assertNull(job.priority());
    }

    @Test
    void aConfiguredTaskBindsPositionalArgumentsByName() {
        Map<String, Object> kwargs = new LinkedHashMap<>();
        kwargs.put("prompt", "hello");
        kwargs.put("max_tokens", 16);
        kwargs.put("temperature", 0.5);

        MappedJob job = tasksInfer.map(List.of("model-a", 3), kwargs);

        assertEquals("model-a", job.model());
        assertEquals(kwargs, job.input(), "n is not an input argument, so it stays out");
        assertEquals("olleh", tasksInfer.result(Map.of("text", "olleh", "simulated", true)));
    }

    @Test
    void callsThatDoNotFitFailWithTheTypeErrorPythonWouldRaise() {
        assertEquals("infer() missing 1 required argument: 'model'", typeError(() -> builtIn.map(List.of(), Map.of())));
        assertEquals("infer() takes 2 positional arguments but 3 were given",
                typeError(() -> builtIn.map(List.of("m", Map.of(), 1), Map.of())));
        assertEquals("infer() got multiple values for argument 'model'",
                typeError(() -> builtIn.map(List.of("m"), Map.of("model", "m"))));
        assertEquals("infer() got an unexpected keyword argument 'temperature'",
                typeError(() -> builtIn.map(List.of("m", Map.of()), Map.of("temperature", 0.5))));
        assertEquals("infer() argument 'input' must be a dict",
                typeError(() -> builtIn.map(List.of("m", "not a dict"), Map.of())));
        var refused = assertThrows(TaskRefusedException.class,
                () -> builtIn.map(List.of("m", Map.of()), Map.of("priority", "urgent")));
        assertEquals("ValueError", refused.error().type());
    }

    private static String typeError(Runnable call) {
        var refused = assertThrows(TaskRefusedException.class, call::run);
        assertEquals("TypeError", refused.error().type());
        assertEquals("builtins", refused.error().module());
        return (String) refused.error().message().get(0);
    }

    @Test
    void messagePrioritiesCountInTheTransportsDirection() {
        var rule = PriorityRule.DEFAULT;
        assertEquals(Priority.NORMAL, rule.of(Transport.AMQP, 0));
        assertEquals(Priority.HIGH, rule.of(Transport.AMQP, 9));
        assertEquals(Priority.NORMAL, rule.of(Transport.REDIS, 0));
        assertEquals(Priority.LOW, rule.of(Transport.REDIS, 9));
        assertEquals(Priority.NORMAL, rule.of(Transport.REDIS, null));
    }

    @Test
    void aRetriedTaskIsANewJobAndOddIdsGoByTheirHash() {
        var first = record("3f1c2a9e-0000-4000-8000-000000000001", 0);
        assertEquals("3f1c2a9e-0000-4000-8000-000000000001", first.idempotencyKey());
        assertEquals("3f1c2a9e-0000-4000-8000-000000000001#retry-2", record(first.taskId(), 2).idempotencyKey());
        String odd = record("a task id with spaces", 0).idempotencyKey();
        assertEquals(true, odd.matches("celery-sha256-[0-9a-f]{64}"), odd);
    }

    private static TaskRecord record(String id, int retries) {
        return new TaskRecord(new TaskContext(id, "t", List.of(), Map.of(), retries, "celery", null, null, false),
                TaskState.SUBMITTING, "{}", java.time.Instant.EPOCH, null, null);
    }
}
