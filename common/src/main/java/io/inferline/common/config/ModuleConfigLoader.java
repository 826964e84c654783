package io.inferline.common.config;

import io.micronaut.context.env.AbstractPropertySourceLoader;
import io.micronaut.context.env.ActiveEnvironment;
import io.micronaut.context.env.MapPropertySource;
import io.micronaut.context.env.PropertySource;
import io.micronaut.context.env.PropertySourceLoader;
import io.micronaut.context.env.yaml.YamlPropertySourceLoader;
import io.micronaut.core.io.ResourceLoader;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URL;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Loads every {@value #RESOURCE} on the classpath, one per module, beneath {@code application.yml} and the
 * environment. A module keeps its own settings (its datasource, its migrations) there, so they apply the same
 * whether it runs alone or beside every other module in the all-in-one process, where only one
 * {@code application.yml} can win.
 */
public class ModuleConfigLoader implements PropertySourceLoader {

    public static final String RESOURCE = "inferline-module.yml";
    private static final int POSITION = AbstractPropertySourceLoader.DEFAULT_POSITION - 10;

    private final YamlPropertySourceLoader yaml = new YamlPropertySourceLoader();

    @Override
    public Optional<PropertySource> load(String resourceName, ResourceLoader resourceLoader) {
        if (!"application".equals(resourceName)) {
            return Optional.empty();
        }
        Map<String, Object> merged = new LinkedHashMap<>();
        try {
            for (URL url : Collections.list(getClass().getClassLoader().getResources(RESOURCE))) {
                try (InputStream in = url.openStream()) {
                    merged.putAll(yaml.read(url.toString(), in));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + RESOURCE, e);
        }
        return merged.isEmpty() ? Optional.empty()
                : Optional.of(new MapPropertySource(RESOURCE, merged) {
                    @Override
                    public int getOrder() {
                        return POSITION;
                    }
                });
    }

    @Override
    public Optional<PropertySource> loadEnv(String resourceName, ResourceLoader resourceLoader,
                                            ActiveEnvironment activeEnvironment) {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> read(String name, InputStream input) throws IOException {
        return yaml.read(name, input);
    }

    @Override
    public Set<String> getExtensions() {
        return Set.of();
    }
}
