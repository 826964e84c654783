package io.inferline.backends.adapter.openai;

import java.net.URI;
import java.util.Optional;

/** The OpenAI endpoint a model's task is served by. */
enum OpenAiRoute {

    CHAT("/chat/completions", true),
    COMPLETION("/completions", true),
    EMBEDDING("/embeddings", false);

    private final String path;
    private final boolean streams;

    OpenAiRoute(String path, boolean streams) {
        this.path = path;
        this.streams = streams;
    }

    static Optional<OpenAiRoute> forTask(String task) {
        return Optional.ofNullable(switch (task == null ? "chat" : task) {
            case "chat" -> CHAT;
            case "completion" -> COMPLETION;
            case "embedding" -> EMBEDDING;
            default -> null;
        });
    }

    boolean streams() {
        return streams;
    }

    /** The URL of this route under {@code endpoint}, which may or may not end with {@code /v1} (or a slash). */
    URI under(URI endpoint) {
        return URI.create(baseUrl(endpoint) + path);
    }

    /** {@code endpoint} normalised to end with {@code /v1}: the key circuits are kept under. */
    static String baseUrl(URI endpoint) {
        String base = endpoint.toString();
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        return base.endsWith("/v1") ? base : base + "/v1";
    }
}
