package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.api.domain.JobSubmission;
import io.inferline.api.domain.ModelRoute;

import java.util.Optional;

/**
 * Which models exist, whether the caller may use one for this submission, and where its job goes. Empty when no
 * model or alias has the name; refusals (tenant not allowed, a guard rule that blocks) are thrown.
 */
public interface ModelCatalog {

    Optional<ModelRoute> route(Caller caller, JobSubmission submission);
}
