package io.inferline.common.config;

import io.micronaut.context.ApplicationContext;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ModuleConfigLoaderTest {

    @Test
    void everyModulesFileIsLoadedBeneathApplicationYmlAndExplicitSettings() {
        // common's own inferline-module.yml sets this, and the test classpath's application.yml does not
        try (var context = ApplicationContext.run(Map.of("spec.name", "ModuleConfigLoaderTest"))) {
            assertEquals("false", context.getProperty("endpoints.prometheus.sensitive", String.class).orElseThrow());
            assertEquals("from-module", context.getProperty("inferline.test.only-in-module", String.class).orElseThrow());
            assertEquals("from-application-yml",
                    context.getProperty("inferline.test.in-both", String.class).orElseThrow());
        }
        try (var context = ApplicationContext.run(Map.of("inferline.test.only-in-module", "explicit"))) {
            assertEquals("explicit", context.getProperty("inferline.test.only-in-module", String.class).orElseThrow());
        }
    }
}
