package io.inferline.platform;

import io.inferline.testkit.Infrastructure;

import java.util.Map;

/** Settings that point every service of the all-in-one process at one set of infrastructure. */
public final class PlatformProperties {

    /** Every service that owns a datasource, named after it. */
    static final String[] DATASOURCES = {"api", "auth", "inference", "registry"};

    private PlatformProperties() {
    }

    public static Map<String, Object> of(Infrastructure infrastructure, int port, String bootstrapApiKey) {
        Map<String, Object> properties = infrastructure.micronautProperties(DATASOURCES);
        properties.put("micronaut.server.port", port);
        properties.put("inferline.auth.bootstrap.api-key", bootstrapApiKey);
        return properties;
    }
}
