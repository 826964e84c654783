package io.inferline.platform;

import java.util.HashMap;
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

    /**
     * The three services with {@code everyService} settings and JVM arguments on each, their output in
     * {@code target/service-logs/<service>-<logTag>.log}.
     */
    static JobPathServices start(String apiKey, Map<String, String> everyService, List<String> jvmArguments,
                                 String logTag) throws Exception {
        var auth = new HashMap<>(everyService);
        auth.put("INFERLINE_BOOTSTRAP_API_KEY", apiKey);
        var services = new JobPathServices(
                ServiceProcess.start("auth", auth, "auth-" + logTag, jvmArguments),
                ServiceProcess.start("inference", everyService, "inference-" + logTag, jvmArguments),
                ServiceProcess.start("api", everyService, "api-" + logTag, jvmArguments));
        for (ServiceProcess service : services.all()) {
            service.awaitReady();
        }
        return services;
    }

    List<ServiceProcess> all() {
        return List.of(api, inference, auth);
    }

    @Override
    public void close() throws InterruptedException {
        for (ServiceProcess service : all()) {
            service.close();
        }
    }
}
