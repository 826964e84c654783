package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.JobStatus;
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
        var request = new JobRequested(UUID.randomUUID(), "tenant-1", "sim-chat", "simulator", "sim",
                Map.of("prompt", "hi"), 1, Instant.parse("2026-11-22T10:15:30Z"));
        var event = JobEvent.succeeded(request, Map.of("text", "hello"), Instant.parse("2026-11-22T10:15:31Z"));

        String text = json.writeValueAsString(event);

        assertTrue(text.contains("\"job_id\":\"" + request.jobId() + "\""), text);
        assertTrue(text.contains("\"status\":\"succeeded\""), text);
        var back = json.readValue(text, JobEvent.class);
        assertEquals(event, back);
        assertEquals(JobStatus.SUCCEEDED, back.status());
        assertEquals(request, json.readValue(json.writeValueAsString(request), JobRequested.class));
    }
}
