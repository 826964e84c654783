package io.inferline.api.adapter.http;

import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobSubmissionReaderTest {

    private final JsonMapper json = JsonMapper.createDefault();
    private final JobSubmissionReader reader = new JobSubmissionReader(json, Clock.systemUTC());

    @Test
    void readsModelAndInput() throws Exception {
        var submission = reader.read(tree("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"hi\",\"max_tokens\":3}}"));
        assertEquals("sim-chat", submission.model());
        assertEquals(Map.of("prompt", "hi", "max_tokens", 3), submission.input());
        assertEquals(Priority.NORMAL, submission.priority());
        assertEquals(Map.of(), submission.metadata());
        assertNull(submission.ttl());
        assertNull(submission.webhook());
    }

    @Test
    void readsTheOptionalFields() throws Exception {
        var submission = reader.read(tree("""
                {"model":"m","input":{},"priority":"low","ttl_seconds":90,"deadline":"2999-01-01T00:00:00Z",
                 "webhook":"https://hooks.example/x","webhook_events_filter":["output","completed","output"],
                 "metadata":{"team":"search"}}"""));
        assertEquals(Priority.LOW, submission.priority());
        assertEquals(Duration.ofSeconds(90), submission.ttl());
        assertEquals(Instant.parse("2999-01-01T00:00:00Z"), submission.deadline());
        assertEquals("https://hooks.example/x", submission.webhook());
        assertEquals(List.of("output", "completed"), submission.webhookEvents());
        assertEquals(Map.of("team", "search"), submission.metadata());
    }

    @Test
    void namesEveryFieldAtFault() throws Exception {
        assertEquals(List.of(new FieldError("model", "required"), new FieldError("input", "required")),
                faults("{}"));
        assertEquals(List.of(new FieldError("model", "must be a string"), new FieldError("input", "must be a JSON object")),
                faults("{\"model\":42,\"input\":\"text\"}"));
        assertEquals(List.of(new FieldError("colour", "unknown field")),
                faults("{\"model\":\"sim-chat\",\"input\":{},\"colour\":\"red\"}"));
        assertEquals(List.of(new FieldError("ttl_seconds", "must be a whole number of seconds")),
                faults("{\"model\":\"m\",\"input\":{},\"ttl_seconds\":1.5}"));
        assertEquals(List.of(new FieldError("model", "must not be blank")), faults("{\"model\":\" \",\"input\":{}}"));
        assertEquals(List.of(new FieldError("input.stream", "must be true or false")),
                faults("{\"model\":\"m\",\"input\":{\"stream\":\"yes\"}}"));
        assertEquals(List.of(new FieldError("body", "must be a JSON object")), faults("[1,2]"));
    }

    private List<FieldError> faults(String body) throws Exception {
        return assertThrows(InvalidRequestException.class, () -> reader.read(tree(body))).fieldErrors();
    }

    private JsonNode tree(String body) throws Exception {
        return json.readValue(body, JsonNode.class);
    }
}
