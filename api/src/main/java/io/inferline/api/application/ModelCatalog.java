package io.inferline.api.application;

import io.inferline.api.domain.ModelRoute;

import java.util.Optional;

/** Which models exist and where their jobs go. */
public interface ModelCatalog {

    Optional<ModelRoute> route(String model);
}
