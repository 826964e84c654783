package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.jobs.Usage;
import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobEventJsonTest {

    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void eventsTravelAsSnakeCaseJsonAndComeBackEqual() throws Exception {
        var request = new JobRequested(UUID.randomUUID(), "tenant-1", "sim-chat", "simulator", "sim", Priority.HIGH,
                Map.of("prompt", "hi"), 1, Instant.parse("2026-11-22T10:15:30Z"), null,
                Instant.parse("2026-11-22T11:00:00Z"), null, Map.of("order", "42"));
        var event = JobEvent.succeeded(request, Map.of("text", "hello"), new Usage(1, 2),
                Instant.parse("2026-11-22T10:15:31Z"));

        String text = json.writeValueAsString(event);

        assertTrue(text.contains("\"job_id\":\"" + request.jobId() + "\""), text);
        assertTrue(text.contains("\"status\":\"succeeded\""), text);
        assertTrue(text.contains("\"usage\":{\"prompt_tokens\":1,\"completion_tokens\":2}"), text);
        var back = json.readValue(text, JobEvent.class);
        assertEquals(event, back);
        assertEquals(JobStatus.SUCCEEDED, back.status());
        String requestText = json.writeValueAsString(request);
        assertTrue(requestText.contains("\"priority\":\"high\""), requestText);
        assertEquals(request, json.readValue(requestText, JobRequested.class));
        assertEquals(Map.of("order", "42"), back.metadata());
    }

    @Test
    void anEventWithoutMetadataIsToldFromOneWhoseJobHasNone() throws Exception {
        String old = "{\"job_id\":\"" + UUID.randomUUID() + "\",\"tenant_id\":\"t\",\"status\":\"running\","
                + "\"attempt\":1,\"occurred_at\":\"2026-11-22T10:15:31Z\"}";
        assertEquals(null, json.readValue(old, JobEvent.class).metadata());

        var request = new JobRequested(UUID.randomUUID(), "t", "sim-chat", "simulator", "sim", Priority.NORMAL,
                Map.of(), 1, Instant.parse("2026-11-22T10:15:30Z"), null, null, null, Map.of());
        var event = JobEvent.running(request, Instant.parse("2026-11-22T10:15:31Z"));
        assertEquals(Map.of(), json.readValue(json.writeValueAsString(event), JobEvent.class).metadata());
        assertEquals(Map.of(), json.readValue(json.writeValueAsString(request), JobRequested.class).metadata());
    }
}
