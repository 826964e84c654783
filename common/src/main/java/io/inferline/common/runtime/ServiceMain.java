package io.inferline.common.runtime;

import io.micronaut.context.ApplicationContext;
import io.micronaut.runtime.Micronaut;

/**
 * How every deployable module starts ({@code XApplication.main}): Micronaut, without its ASCII-art banner when the
 * logs are JSON ({@code INFERLINE_LOG_FORMAT=json}), so that every line on standard output is one JSON object.
 */
public final class ServiceMain {

    static final String LOG_FORMAT = "INFERLINE_LOG_FORMAT";

    private ServiceMain() {
    }

    public static ApplicationContext run(Class<?> application, String... args) {
        return Micronaut.build(args).mainClass(application).banner(!jsonLogs()).start();
    }

    static boolean jsonLogs() {
        String format = System.getProperty(LOG_FORMAT, System.getenv(LOG_FORMAT));
        return "json".equalsIgnoreCase(format);
    }
}
