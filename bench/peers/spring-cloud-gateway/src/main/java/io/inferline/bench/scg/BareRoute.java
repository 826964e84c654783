package io.inferline.bench.scg;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;

/**
 * The bare Spring Cloud Gateway route bench/run.sh measures Inferline's sync gateway against: {@code POST
 * /v1/chat/completions} forwarded to {@code --bench.upstream} (scheme, host and port; the path is kept), with no
 * filter of its own. Start it with {@code --server.port=PORT --bench.upstream=http://127.0.0.1:UPSTREAM_PORT}.
 */
@SpringBootApplication
public class BareRoute {

    public static void main(String[] args) {
        SpringApplication.run(BareRoute.class, args);
    }

    @Bean
    RouteLocator chatCompletions(RouteLocatorBuilder routes, @Value("${bench.upstream}") String upstream) {
        return routes.routes()
                .route("chat-completions", route -> route.path("/v1/chat/completions").uri(upstream))
                .build();
    }
}
