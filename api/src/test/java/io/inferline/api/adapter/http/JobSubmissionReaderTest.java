package io.inferline.api.adapter.http;

import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.json.JsonMapper;
import io.micronaut.json.tree.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class JobSubmissionReaderTest {

    private final JsonMapper json = JsonMapper.createDefault();
    private final JobSubmissionReader reader = new JobSubmissionReader(json);

    @Test
    void readsModelAndInput() throws Exception {
        var submission = reader.read(tree("{\"model\":\"sim-chat\",\"input\":{\"prompt\":\"hi\",\"max_tokens\":3}}"));
        assertEquals("sim-chat", submission.model());
        assertEquals(Map.of("prompt", "hi", "max_tokens", 3), submission.input());
    }

    @Test
    void namesEveryFieldAtFault() throws Exception {
        assertEquals(List.of(new FieldError("model", "required"), new FieldError("input", "required")),
                faults("{}"));
        assertEquals(List.of(new FieldError("model", "must be a string"), new FieldError("input", "must be a JSON object")),
                faults("{\"model\":42,\"input\":\"text\"}"));
        assertEquals(List.of(new FieldError("priority", "unknown field")),
                faults("{\"model\":\"sim-chat\",\"input\":{},\"priority\":\"urgent\"}"));
        assertEquals(List.of(new FieldError("model", "must not be blank")), faults("{\"model\":\" \",\"input\":{}}"));
        assertEquals(List.of(new FieldError("body", "must be a JSON object")), faults("[1,2]"));
    }

    private List<FieldError> faults(String body) throws Exception {
        return assertThrows(InvalidRequestException.class, () -> reader.read(tree(body))).fieldErrors();
    }

    private JsonNode tree(String body) throws Exception {
        return json.readValue(body, JsonNode.class);
    }
}
