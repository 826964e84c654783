package io.inferline.backends.adapter.simulator;

import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.backends.config.SimulatorProperties;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class SimulatorBackendTest {

    private static BackendCall call(Map<String, Object> input) {
        return new BackendCall(UUID.randomUUID(), 1, "sim-chat", BackendTarget.local(SimulatorBackend.KIND, "chat"), input,
                ChunkListener.NONE);
    }

    @Test
    void answersFromThePromptsWordsTheSameWayForTheSameJob() throws Exception {
        var simulator = new SimulatorBackend(properties(0.0, 4));
        var call = call(
                Map.of("messages", List.of(Map.of("role", "user", "content", "alpha beta gamma"))));

        var first = simulator.invoke(call).output();

        String text = (String) first.get("text");
        assertEquals(4, text.split(" ").length);
        List.of(text.split(" ")).forEach(word -> assertEquals(true, List.of("alpha", "beta", "gamma").contains(word)));
        assertEquals(first, simulator.invoke(call).output());
        assertEquals(new Usage(3, 4), simulator.invoke(call).usage());
    }

    @Test
    void maxTokensShortensTheAnswer() throws Exception {
        var output = new SimulatorBackend(properties(0.0, 10))
                .invoke(call( Map.of("prompt", "a b", "max_tokens", 2)))
                .output();
        assertEquals(2, ((String) output.get("text")).split(" ").length);
    }

    @Test
    void aListeningCallerGetsTheSameAnswerATokenAtATime() throws Exception {
        var simulator = new SimulatorBackend(properties(0.0, 5));
        var id = UUID.randomUUID();
        Map<String, Object> input = Map.of("prompt", "one two three");
        var whole = simulator.invoke(new BackendCall(id, 1, "sim-chat", BackendTarget.local(SimulatorBackend.KIND, "chat"),
                input, ChunkListener.NONE)).output();
        var chunks = new java.util.ArrayList<Map<String, Object>>();
        var streamed = simulator.invoke(new BackendCall(id, 1, "sim-chat",
                BackendTarget.local(SimulatorBackend.KIND, "chat"), input, chunks::add)).output();

        assertEquals(whole, streamed);
        assertEquals(6, chunks.size(), chunks.toString());
        assertEquals(whole.get("text"), String.join("", chunks.stream().map(c -> (String) c.get("delta")).toList()));
        assertEquals("length", chunks.getLast().get("finish_reason"));
    }

    @Test
    void anErrorRateOfOneFailsEveryCall() {
        var simulator = new SimulatorBackend(properties(1.0, 4));
        var e = assertThrows(BackendException.class,
                () -> simulator.invoke(call( Map.of())));
        assertEquals("simulated_backend_error", e.type());
    }

    private static SimulatorProperties properties(double errorRate, int tokens) {
        var properties = new SimulatorProperties();
        properties.setLatency(Duration.ZERO);
        properties.setErrorRate(errorRate);
        properties.setOutputTokens(tokens);
        return properties;
    }
}
