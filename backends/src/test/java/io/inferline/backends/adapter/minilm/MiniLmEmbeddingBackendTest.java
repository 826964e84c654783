package io.inferline.backends.adapter.minilm;

import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;
import io.inferline.backends.config.MiniLmProperties;
import io.inferline.backends.domain.BackendCall;
import io.inferline.backends.domain.BackendException;
import io.inferline.backends.domain.BackendResult;
import io.inferline.backends.domain.BackendTarget;
import io.inferline.backends.domain.ChunkListener;
import io.inferline.contracts.v1.jobs.Usage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The real quantized all-MiniLM-L6-v2 model from the Maven artifact, on this machine's CPU. */
class MiniLmEmbeddingBackendTest {

    /** Each pair says the same thing in other words. */
    private static final List<List<String>> PARAPHRASES = List.of(
            List.of("The cat is sleeping on the sofa.", "A cat naps on the couch."),
            List.of("How do I reset my password?", "What are the steps to change a forgotten password?"),
            List.of("The stock market fell sharply today.", "Share prices dropped steeply on the exchange today."),
            List.of("She is cooking pasta for dinner.", "She's making spaghetti for her evening meal."),
            List.of("The train to London was delayed by an hour.", "The London train arrived sixty minutes late."),
            List.of("It is raining heavily outside.", "There is a heavy downpour outside."),
            List.of("The doctor prescribed antibiotics for the infection.",
                    "The physician gave her antibiotics to treat the infection."),
            List.of("He bought a new car last week.", "Last week he purchased a new automobile."),
            List.of("The children are playing football in the park.", "Kids are playing soccer at the park."),
            List.of("Please close the window, it's cold.", "Could you shut the window? It is chilly."));

    /** Each pair is about different things (first sentence of one paraphrase pair, second of another). */
    private static final List<List<String>> UNRELATED = List.of(
            List.of(first(0), second(2)), List.of(first(1), second(5)), List.of(first(2), second(8)),
            List.of(first(3), second(6)), List.of(first(4), second(1)), List.of(first(5), second(7)),
            List.of(first(6), second(9)), List.of(first(7), second(3)), List.of(first(8), second(4)),
            List.of(first(9), second(0)));

    private static MiniLmEmbeddingBackend backend;

    @BeforeAll
    static void loadModel() {
        backend = new MiniLmEmbeddingBackend(properties(32, Duration.ofMillis(2), 2));
    }

    @AfterAll
    static void closeModel() throws Exception {
        backend.close();
    }

    @Test
    void vectorsHave384DimensionsAndUnitLength() throws Exception {
        var result = backend.invoke(call(Map.of("input", List.of("Hello world", "Inferline routes inference jobs."))));

        assertEquals(384, result.output().get("dimensions"));
        List<float[]> vectors = vectors(result);
        assertEquals(2, vectors.size());
        for (float[] vector : vectors) {
            assertEquals(384, vector.length);
            assertEquals(1.0, Math.sqrt(dot(vector, vector)), 1e-5);
        }
        assertEquals("minilm", result.output().get("model"));
    }

    @Test
    void aSentenceGetsTheSameVectorAloneAndInsideABatchOfOthers() throws Exception {
        String sentence = "The quick brown fox jumps over the lazy dog.";
        float[] alone = vectors(backend.invoke(call(Map.of("input", sentence)))).getFirst();

        var batch = new ArrayList<String>();
        for (var pair : PARAPHRASES) {
            batch.add(pair.getFirst());
        }
        batch.add(4, sentence);
        // the batch can only close by reaching all 11 inputs: the 10 s wait is far longer than the test
        try (var batching = new MiniLmEmbeddingBackend(properties(batch.size(), Duration.ofSeconds(10), 1))) {
            float[] batched = vectors(batching.invoke(call(Map.of("input", batch)))).get(4);

            assertEquals(new MicroBatcher.Stats(1, 11, 11), batching.batchStats());
            assertTrue(dot(alone, batched) >= 0.9999, "cosine " + dot(alone, batched));
        }
    }

    @Test
    void paddedBatchesStayCloseToTheVectorAlone() throws Exception {
        var batch = new ArrayList<String>();
        for (var pair : PARAPHRASES) {
            batch.add(pair.get(1));
        }
        var properties = properties(batch.size(), Duration.ofSeconds(10), 1);
        properties.setPaddedBatches(true);
        try (var padded = new MiniLmEmbeddingBackend(properties)) {
            List<float[]> together = vectors(padded.invoke(call(Map.of("input", batch))));

            assertEquals(new MicroBatcher.Stats(1, batch.size(), batch.size()), padded.batchStats());
            for (int i = 0; i < batch.size(); i++) {
                float[] alone = vectors(backend.invoke(call(Map.of("input", batch.get(i))))).getFirst();
                assertEquals(1.0, Math.sqrt(dot(together.get(i), together.get(i))), 1e-5);
                assertTrue(dot(alone, together.get(i)) >= 0.97, batch.get(i) + ": cosine " + dot(alone, together.get(i)));
            }
        }
    }

    @Test
    void vectorsMatchTheReferenceImplementationOfTheSameModel() throws Exception {
        var reference = new AllMiniLmL6V2QuantizedEmbeddingModel();
        for (String sentence : List.of(first(0), second(3), "Embeddings on a CPU, without a GPU.")) {
            float[] ours = vectors(backend.invoke(call(Map.of("input", sentence)))).getFirst();
            float[] theirs = reference.embed(sentence).content().vector();
            assertTrue(dot(ours, theirs) >= 0.9999, sentence + ": cosine " + dot(ours, theirs));
        }
    }

    /** Measured here: paraphrases 0.63-0.92 (mean 0.76), unrelated -0.08-0.22 (mean 0.02). */
    @Test
    void everyParaphrasePairScoresHigherThanEveryUnrelatedPair() throws Exception {
        List<Double> paraphrase = similarities(PARAPHRASES);
        List<Double> unrelated = similarities(UNRELATED);

        double lowestParaphrase = Collections.min(paraphrase);
        double highestUnrelated = Collections.max(unrelated);
        assertTrue(lowestParaphrase > highestUnrelated,
                "paraphrases " + paraphrase + " vs unrelated " + unrelated);
        assertTrue(mean(paraphrase) - mean(unrelated) >= 0.4,
                "mean gap " + (mean(paraphrase) - mean(unrelated)));
    }

    @Test
    void concurrentCallsShareOneMicroBatch() throws Exception {
        int callers = 16;
        // the batch can only close by reaching 16 inputs: the 10 s wait is far longer than the test
        try (var batching = new MiniLmEmbeddingBackend(properties(callers, Duration.ofSeconds(10), 1));
             var pool = Executors.newFixedThreadPool(callers)) {
            batching.invoke(call(Map.of("input", List.copyOf(Collections.nCopies(callers, "warm up")))));
            var start = new CountDownLatch(1);
            var results = new ArrayList<Future<BackendResult>>();
            for (int i = 0; i < callers; i++) {
                String text = "caller number " + i + " asks for an embedding";
                results.add(pool.submit(() -> {
                    start.await();
                    return batching.invoke(call(Map.of("input", text)));
                }));
            }
            start.countDown();
            for (var result : results) {
                assertEquals(1, vectors(result.get()).size());
            }

            var stats = batching.batchStats();
            assertEquals(2, stats.batches(), "the warm-up batch and one batch for all callers");
            assertEquals(2L * callers, stats.inputs());
            assertEquals(callers, stats.largestBatch());
        }
    }

    @Test
    void usageCountsTheTokensTheModelSaw() throws Exception {
        // [CLS] hello world [SEP] + [CLS] cat [SEP]
        var result = backend.invoke(call(Map.of("input", List.of("hello world", "cat"))));
        assertEquals(new Usage(7, 0), result.usage());
    }

    @Test
    void badInputIsRejectedNamingTheField() {
        assertRejected(Map.of(), "input: required");
        assertRejected(Map.of("input", ""), "input: must not be empty");
        assertRejected(Map.of("input", List.of()), "input: the array is empty");
        assertRejected(Map.of("input", List.of("fine", "  ")), "input[1]: must not be empty");
        assertRejected(Map.of("input", List.of("fine", List.of(101, 102))), "input[1]: must be a string");
        assertRejected(Map.of("input", 42), "input: must be a string or an array of strings");
        assertRejected(Map.of("input", Collections.nCopies(129, "x")), "input: 129 strings, at most 128");
        assertRejected(Map.of("input", List.of("short", "word ".repeat(600))), "input[1]: 602 tokens");
        assertRejected(Map.of("input", "x", "dimensions", 1536), "dimensions:");
    }

    @Test
    void aClosedBackendRefusesCallsAsUnavailable() throws Exception {
        var closed = new MiniLmEmbeddingBackend(properties(4, Duration.ofMillis(1), 1));
        closed.invoke(call(Map.of("input", "loaded once")));
        closed.close();
        closed.close();

        var e = assertThrows(BackendException.class, () -> closed.invoke(call(Map.of("input", "too late"))));
        assertEquals("backend_unavailable", e.type());
    }

    private static void assertRejected(Map<String, Object> body, String message) {
        var e = assertThrows(BackendException.class, () -> backend.invoke(call(body)));
        assertEquals("backend_rejected", e.type());
        assertTrue(e.getMessage().startsWith(message), e.getMessage());
    }

    private static List<Double> similarities(List<List<String>> pairs) throws Exception {
        var scores = new ArrayList<Double>();
        for (var pair : pairs) {
            List<float[]> vectors = vectors(backend.invoke(call(Map.of("input", pair))));
            scores.add(dot(vectors.get(0), vectors.get(1)));
        }
        return scores;
    }

    private static double mean(List<Double> values) {
        return values.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
    }

    /** The cosine of two unit vectors. */
    private static double dot(float[] a, float[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            sum += (double) a[i] * b[i];
        }
        return sum;
    }

    @SuppressWarnings("unchecked")
    private static List<float[]> vectors(BackendResult result) {
        var vectors = new ArrayList<float[]>();
        for (List<Float> list : (List<List<Float>>) result.output().get("embeddings")) {
            float[] vector = new float[list.size()];
            for (int i = 0; i < vector.length; i++) {
                vector[i] = list.get(i);
            }
            vectors.add(vector);
        }
        return vectors;
    }

    private static BackendCall call(Map<String, Object> input) {
        return new BackendCall(UUID.randomUUID(), 1, "minilm",
                BackendTarget.local(MiniLmEmbeddingBackend.KIND, "embedding"), input, ChunkListener.NONE);
    }

    private static MiniLmProperties properties(int maxBatchSize, Duration maxWait, int threads) {
        var properties = new MiniLmProperties();
        properties.setMaxBatchSize(maxBatchSize);
        properties.setMaxWait(maxWait);
        properties.setThreads(threads);
        return properties;
    }

    private static String first(int pair) {
        return PARAPHRASES.get(pair).getFirst();
    }

    private static String second(int pair) {
        return PARAPHRASES.get(pair).get(1);
    }
}
