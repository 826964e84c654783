package io.inferline.contracts.v1.problem;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;

import java.util.List;

/**
 * An RFC 9457 problem detail ({@code application/problem+json}). {@code errors} is an extension member that
 * names each field at fault.
 */
@Serdeable
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Problem(
        String type,
        String title,
        int status,
        @Nullable String detail,
        @Nullable String instance,
        @Nullable List<FieldError> errors) {

    public static final String MEDIA_TYPE = "application/problem+json";
    public static final String TYPE_BASE = "https://inferline.dev/problems/";

    /** One field at fault: a JSON pointer-like dotted path ({@code input.prompt}) and the reason. */
    @Serdeable
    public record FieldError(String field, String reason) {
    }
}
