package io.inferline.backends.adapter.simulator;

import io.inferline.contracts.v1.jobs.Usage;
import io.inferline.backends.config.SimulatorProperties;
import io.inferline.backends.domain.Backend;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.ChunkListener;
import jakarta.inject.Singleton;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The load simulator: answers like a chat model with configurable latency, length and error rate. Its text is
 * made from the prompt's own words, chosen by a generator seeded with the job id, so one job always gets the same
 * answer. Every output says {@code "simulated": true}. A caller listening for chunks gets the answer a token at a
 * time, each after its {@code per-token-latency}.
 */
@Singleton
class SimulatorBackend implements Backend {

    public static final String KIND = "simulator";

    private static final List<String> FALLBACK_WORDS = List.of("simulated", "token", "stream", "output");

    private final SimulatorProperties properties;

    SimulatorBackend(SimulatorProperties properties) {
        this.properties = properties;
    }

    @Override
    public Set<String> kinds() {
        return Set.of(KIND);
    }

    @Override
    public BackendResult invoke(BackendCall call) throws BackendException, InterruptedException {
        var random = new SplittableRandom(call.requestId().getLeastSignificantBits() ^ call.attempt());
        int tokens = tokensToGenerate(call.input());
        boolean streamed = call.chunks() != ChunkListener.NONE;
        Duration perToken = properties.getPerTokenLatency();
        sleep(streamed ? properties.getLatency()
                : properties.getLatency().plus(perToken.multipliedBy(Math.max(0, tokens - 1))));
        if (random.nextDouble() < properties.getErrorRate()) {
            throw new BackendException("simulated_backend_error",
                    "the simulator failed this call on purpose (inferline.simulator.error-rate)");
        }
        List<String> words = promptWords(call.input());
        var text = new StringBuilder();
        for (int i = 0; i < tokens; i++) {
            String piece = (i == 0 ? "" : " ") + words.get(random.nextInt(words.size()));
            text.append(piece);
            if (streamed) {
                if (i > 0) {
                    sleep(perToken);
                }
                call.chunks().onChunk(Map.of("delta", piece));
            }
        }
        if (streamed) {
            call.chunks().onChunk(Map.of("delta", "", "finish_reason", "length"));
        }
        var output = new LinkedHashMap<String, Object>();
        output.put("text", text.toString());
        output.put("finish_reason", "length");
        output.put("simulated", true);
        return new BackendResult(output, new Usage(words.size(), tokens));
    }

    private int tokensToGenerate(Map<String, Object> input) {
        if (input.get("max_tokens") instanceof Number max && max.intValue() > 0) {
            return Math.min(max.intValue(), properties.getOutputTokens());
        }
        return properties.getOutputTokens();
    }

    /** Words of {@code prompt}, or of the {@code messages}' contents, as a chat request carries them. */
    private static List<String> promptWords(Map<String, Object> input) {
        var words = new ArrayList<String>();
        collectWords(input.get("prompt"), words);
        if (input.get("messages") instanceof List<?> messages) {
            for (Object message : messages) {
                if (message instanceof Map<?, ?> m) {
                    collectWords(m.get("content"), words);
                }
            }
        }
        return words.isEmpty() ? FALLBACK_WORDS : words;
    }

    private static void collectWords(Object text, List<String> into) {
        if (text instanceof String s) {
            for (String word : s.split("\\s+")) {
                if (!word.isBlank()) {
                    into.add(word);
                }
            }
        }
    }

    private static void sleep(Duration duration) throws InterruptedException {
        if (duration.isPositive()) {
            Thread.sleep(duration);
        }
    }
}
