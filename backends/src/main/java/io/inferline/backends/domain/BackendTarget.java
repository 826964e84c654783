package io.inferline.backends.domain;

import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.micronaut.core.annotation.Nullable;

import java.net.URI;
import java.time.Duration;

/**
 * Where and how a model version runs, as the registry describes it: the backend kind, the model's task
 * ({@code chat}, {@code completion}, {@code embedding}, ...), the server's base URL and the model name it
 * knows (both absent for in-process backends), the time one call may take (null: the adapter's default) and the
 * registry's version name (null when unknown; an adapter's circuit breaker reports open circuits per version).
 */
public record BackendTarget(String kind, String task, @Nullable URI endpoint, @Nullable String upstreamModel,
                            @Nullable Duration timeout, @Nullable String version) {

    public BackendTarget(String kind, String task, @Nullable URI endpoint, @Nullable String upstreamModel,
                         @Nullable Duration timeout) {
        this(kind, task, endpoint, upstreamModel, timeout, null);
    }

    /** The target the registry describes for one version of a model. */
    public static BackendTarget of(ModelSpec model, ModelVersionSpec version) {
        return new BackendTarget(version.backendKind(), model.task(),
                version.endpoint() == null || version.endpoint().isBlank() ? null : URI.create(version.endpoint()),
                version.upstreamModel() == null ? model.name() : version.upstreamModel(),
                version.timeoutSeconds() == null ? null : Duration.ofSeconds(version.timeoutSeconds()),
                version.version());
    }

    public static BackendTarget local(String kind, String task) {
        return new BackendTarget(kind, task, null, null, null, null);
    }
}
