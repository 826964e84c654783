package io.inferline.routing.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

/**
 * A model known from configuration, {@code inferline.models.<name>.{version,pool,backend,task}} (defaults
 * {@code 1}, {@code sim}, {@code simulator}, {@code chat}). model-mgmt seeds an empty registry with these; a router
 * uses one only while the registry has no model of that name, so a service started without model-mgmt still
 * serves the development model {@code sim-chat}.
 */
@EachProperty(SeedModelProperties.PREFIX)
public class SeedModelProperties {

    public static final String PREFIX = "inferline.models";

    private final String name;
    private String version = "1";
    private String pool = "sim";
    private String backend = "simulator";
    private String task = "chat";

    public SeedModelProperties(@Parameter String name) {
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

    public String getTask() {
        return task;
    }

    public void setTask(String task) {
        this.task = task;
    }
}
