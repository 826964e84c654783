package io.inferline.api.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * A model the API accepts jobs for, until the model registry (model-mgmt) and the decision engine take over:
 * {@code inferline.models.<name>.version}, {@code .pool} and {@code .backend}.
 */
@EachProperty(ModelProperties.PREFIX)
public class ModelProperties {

    public static final String PREFIX = "inferline.models";

    private final String name;
    private String version = "1";
    private String pool;
    private String backend = "simulator";

    public ModelProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public String getVersion() {
        return version;
    }

    public void setVersion(String version) {
        this.version = version;
    }

    public String getPool() {
        return pool;
    }

    public void setPool(String pool) {
        this.pool = pool;
    }

    public String getBackend() {
        return backend;
    }

    public void setBackend(String backend) {
        this.backend = backend;
    }
}
