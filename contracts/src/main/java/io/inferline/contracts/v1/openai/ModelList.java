package io.inferline.contracts.v1.openai;

import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** The answer of {@code GET /v1/models}: the models and aliases the caller's key may use. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record ModelList(String object, List<Model> data) {

    public static ModelList of(List<Model> models) {
        return new ModelList("list", models);
    }

    /** {@code ownedBy} is {@code inferline}; {@code created} is 0, the registry keeps no creation time. */
    @Serdeable(naming = SnakeCaseStrategy.class)
    public record Model(String id, String object, long created, String ownedBy) {

        public static Model named(String id) {
            return new Model(id, "model", 0, "inferline");
        }
    }
}
