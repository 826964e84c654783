package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.ModelRoute;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which models exist, whether the caller may use one for this submission, and where its job goes. Empty when no
 * model or alias has the name; refusals (tenant not allowed, a guard rule that blocks) are thrown.
 */
public interface ModelCatalog {

    default Optional<ModelRoute> route(Caller caller, JobSubmission submission) {
        return route(caller, submission, Set.of());
    }

    /**
     * The route once the {@code failed} model versions ({@code model@version}) failed this request: the next active
     * version, or the alias's fallback chain. Throws {@code NoBackendAvailableException} when none is left.
     */
    Optional<ModelRoute> route(Caller caller, JobSubmission submission, Set<String> failed);

    /** The task of a model in the registry ({@code chat}, {@code completion}, {@code embedding}, ...), if known. */
    Optional<String> task(String model);

    /** The models and aliases the caller may ask for, by name, in name order. */
    List<String> usableBy(Caller caller);
}
