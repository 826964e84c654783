package io.inferline.api.application.sync;

import java.util.Set;

/**
 * What an OpenAI-compatible endpoint asks a model to do; the registry's model {@code task} must fit it (chat and
 * completion models serve both generating endpoints, as vLLM and its peers do).
 */
public enum SyncTask {
    CHAT("chat", "/v1/chat/completions", Set.of("chat", "completion")),
    COMPLETION("completion", "/v1/completions", Set.of("chat", "completion")),
    EMBEDDING("embedding", "/v1/embeddings", Set.of("embedding"));

    private final String task;
    private final String path;
    private final Set<String> modelTasks;

    SyncTask(String task, String path, Set<String> modelTasks) {
        this.task = task;
        this.path = path;
        this.modelTasks = modelTasks;
    }

    /** The task a backend is asked to do ({@code BackendTarget.task}): it picks the upstream endpoint. */
    public String task() {
        return task;
    }

    public String path() {
        return path;
    }

    public boolean servedBy(String modelTask) {
        return modelTasks.contains(modelTask == null ? "chat" : modelTask);
    }
}
