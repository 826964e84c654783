package io.inferline.api;

import io.inferline.common.runtime.ServiceMain;
import io.swagger.v3.oas.annotations.OpenAPIDefinition;
import io.swagger.v3.oas.annotations.enums.SecuritySchemeType;
import io.swagger.v3.oas.annotations.info.Info;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityScheme;

@OpenAPIDefinition(
        info = @Info(title = "Inferline API", version = "v1",
                description = "Asynchronous inference jobs: submit, poll or long-poll, stream state changes, cancel. "
                        + "Errors are RFC 9457 problem details, except on the OpenAI-compatible endpoints "
                        + "(/v1/chat/completions, /v1/completions, /v1/embeddings, /v1/models), which answer, stream "
                        + "and fail in OpenAI's shapes ({\"error\": {\"message\", \"type\", \"param\", \"code\"}})."),
        security = @SecurityRequirement(name = "apiKey"))
@SecurityScheme(name = "apiKey", type = SecuritySchemeType.HTTP, scheme = "bearer",
        description = "An API key as 'Authorization: Bearer <key>'")
public final class ApiApplication {

    private ApiApplication() {
    }

    public static void main(String[] args) {
        ServiceMain.run(ApiApplication.class, args);
    }
}
