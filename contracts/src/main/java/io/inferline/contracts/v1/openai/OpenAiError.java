package io.inferline.contracts.v1.openai;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

/**
 * OpenAI's error body, which the OpenAI-compatible endpoints answer instead of problem+json so that OpenAI's SDKs
 * raise their own error classes: {@code {"error": {"message", "type", "param", "code"}}}. {@code param} names the
 * request field at fault, {@code code} is a stable snake_case name (null when there is none).
 */
@Serdeable
public record OpenAiError(Detail error) {

    @Serdeable
    @JsonInclude(JsonInclude.Include.ALWAYS)
    public record Detail(String message, String type, @Nullable String param, @Nullable String code) {
    }

    public static OpenAiError of(String message, String type, String param, String code) {
        return new OpenAiError(new Detail(message, type, param, code));
    }
}
