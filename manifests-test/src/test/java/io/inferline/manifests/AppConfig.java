package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * What the services' own configuration says about ports and endpoints (common/src/main/resources/
 * inferline-module.yml, shared by every service), so the manifests are checked against the code, not against
 * numbers repeated in the test.
 */
final class AppConfig {

    /** The HTTP port setting: environment variable and default, from micronaut.server.port. */
    record PortSetting(String variable, int defaultPort) {
    }

    private AppConfig() {
    }

    static PortSetting serverPort() {
        Path file = Manifests.repoRoot().resolve("common/src/main/resources/inferline-module.yml");
        assertTrue(Files.isRegularFile(file), "missing " + file);
        JsonNode config = Manifests.readYaml(file);
        String port = config.path("micronaut").path("server").path("port").asText();
        Matcher m = Pattern.compile("^\\$\\{(\\w+):(\\d+)}$").matcher(port);
        if (!m.matches()) {
            fail("micronaut.server.port in " + file + " is '" + port + "', not ${VARIABLE:default}");
        }
        return new PortSetting(m.group(1), Integer.parseInt(m.group(2)));
    }

    /**
     * Micronaut's management port setting (endpoints.all.port) as an environment variable: when set, health and
     * /prometheus move to that port. No service configures it itself, so the deployment may.
     */
    static final String MANAGEMENT_PORT_VARIABLE = "ENDPOINTS_ALL_PORT";

    /** The services' own configuration must not move the endpoints the probes and monitors rely on. */
    static void assertEndpointsAtDefaults() {
        for (String module : WorkloadRulesTest.DEPLOYABLES) {
            Path resources = Manifests.repoRoot().resolve(module).resolve("src/main/resources");
            assertTrue(Files.isDirectory(resources), "deployable module " + module + " has no src/main/resources");
            for (String name : new String[]{"application.yml", "inferline-module.yml"}) {
                Path file = resources.resolve(name);
                if (Files.isRegularFile(file)) {
                    JsonNode endpoints = Manifests.readYaml(file).path("endpoints");
                    assertTrue(endpoints.path("all").path("port").isMissingNode()
                                    && endpoints.path("all").path("path").isMissingNode()
                                    && endpoints.path("health").path("path").isMissingNode()
                                    && endpoints.path("prometheus").path("path").isMissingNode(),
                            file + " moves the health or metrics endpoints the manifests probe and scrape");
                }
            }
        }
    }
}
