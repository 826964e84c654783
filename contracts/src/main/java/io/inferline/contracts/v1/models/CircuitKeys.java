package io.inferline.contracts.v1.models;

/**
 * Where routers learn that a model version's backend circuit is open: one Redis hash, field
 * {@code <model>@<version>}, value the epoch millisecond until which it stays open. Whoever observes the backend
 * failing (an operator through model-mgmt's admin API today; the inference workers' breakers later) writes it;
 * every router reads the whole hash a few times a second. An expired or missing field means closed.
 */
public final class CircuitKeys {

    public static final String HASH = "inferline:circuits";

    private CircuitKeys() {
    }

    public static String field(String model, String version) {
        return model + "@" + version;
    }
}
