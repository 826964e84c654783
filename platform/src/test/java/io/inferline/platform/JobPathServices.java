package io.inferline.platform;

import java.util.List;
import java.util.Map;

/** The services a job passes through, each a process of its own: auth (seeding {@code apiKey}), inference, api. */
record JobPathServices(ServiceProcess auth, ServiceProcess inference, ServiceProcess api) implements AutoCloseable {

    static JobPathServices start(String apiKey, Map<String, String> inferenceSettings) throws Exception {
        return start(apiKey, inferenceSettings, Map.of());
    }

    static JobPathServices start(String apiKey, Map<String, String> inferenceSettings, Map<String, String> apiSettings)
            throws Exception {
        var services = new JobPathServices(
                ServiceProcess.start("auth", Map.of("INFERLINE_BOOTSTRAP_API_KEY", apiKey)),
                ServiceProcess.start("inference", inferenceSettings),
                ServiceProcess.start("api", apiSettings));
        for (ServiceProcess service : services.all()) {
            service.awaitReady();
        }
        return services;
    }

    private List<ServiceProcess> all() {
        return List.of(api, inference, auth);
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : all()) {
            service.close();
        }
    }
}
