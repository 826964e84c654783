package io.inferline.auth.adapter.http;

import io.inferline.auth.application.ApiKeyService;
import io.inferline.auth.application.Callers;
import io.inferline.auth.domain.ApiKeys;
import io.inferline.auth.domain.KeyInfo;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.auth.RateLimits;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpResponse;
import io.micronaut.http.MediaType;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.PathVariable;
import io.micronaut.http.annotation.Post;
import io.micronaut.json.tree.JsonNode;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;

import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * API keys of the caller's tenant, for its admins (an admin user's access token or an admin-scoped key): created
 * (shown once), listed, revoked.
 */
@Controller("/v1/keys")
@ExecuteOn(TaskExecutors.BLOCKING)
class KeyController {

    private static final Set<String> FIELDS = Set.of("name", "scopes", "expires_at", "limits");

    private final ApiKeyService keys;
    private final Callers callers;
    private final Clock clock;

    KeyController(ApiKeyService keys, Callers callers, Clock clock) {
        this.keys = keys;
        this.callers = callers;
        this.clock = clock;
    }

    @Serdeable
    record Created(String key, KeyInfo info) {
    }

    @Serdeable
    record Keys(List<KeyInfo> data) {
    }

    @Post(consumes = MediaType.APPLICATION_JSON)
    HttpResponse<Created> create(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                 @Nullable @Body JsonNode body) {
        var admin = callers.admin(authorization);
        if (body == null || !body.isObject()) {
            throw new InvalidRequestException("body", "must be a JSON object");
        }
        var errors = new ArrayList<FieldError>();
        for (var entry : body.entries()) {
            if (!FIELDS.contains(entry.getKey())) {
                errors.add(new FieldError(entry.getKey(), "unknown field"));
            }
        }
        String name = text(body.get("name"), "name", errors);
        Set<String> scopes = scopes(body.get("scopes"), errors);
        Instant expiresAt = expiry(body.get("expires_at"), errors);
        RateLimits limits = limits(body.get("limits"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        var created = keys.create(admin, name, scopes, limits, expiresAt);
        return HttpResponse.created(new Created(created.key(), created.info()));
    }

    @Get
    Keys list(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization) {
        return new Keys(keys.list(callers.admin(authorization)));
    }

    @Delete("/{id}")
    HttpResponse<Void> revoke(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                              @PathVariable String id) {
        var admin = callers.admin(authorization);
        try {
            keys.revoke(admin, UUID.fromString(id));
        } catch (IllegalArgumentException e) {
            throw new NotFoundException("API key", id);
        }
        return HttpResponse.noContent();
    }

    private static String text(JsonNode node, String field, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isString() || node.getStringValue().length() > 100) {
            errors.add(new FieldError(field, "must be a string of at most 100 characters"));
            return null;
        }
        return node.getStringValue();
    }

    private static Set<String> scopes(JsonNode node, List<FieldError> errors) {
        var scopes = new LinkedHashSet<String>();
        if (node != null && node.isArray()) {
            for (JsonNode item : node.values()) {
                if (item.isString() && ApiKeys.ALL_SCOPES.contains(item.getStringValue())) {
                    scopes.add(item.getStringValue());
                } else {
                    scopes.clear();
                    break;
                }
            }
        }
        if (scopes.isEmpty()) {
            errors.add(new FieldError("scopes", "required: a non-empty array of " + String.join(", ",
                    ApiKeys.ALL_SCOPES.stream().sorted().toList())));
        }
        return scopes;
    }

    private Instant expiry(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        try {
            Instant at = Instant.parse(node.isString() ? node.getStringValue() : "");
            if (at.isAfter(clock.instant())) {
                return at;
            }
            errors.add(new FieldError("expires_at", "must be in the future"));
        } catch (DateTimeParseException e) {
            errors.add(new FieldError("expires_at", "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z"));
        }
        return null;
    }

    private static RateLimits limits(JsonNode node, List<FieldError> errors) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isObject()) {
            errors.add(new FieldError("limits", "must be an object"));
            return null;
        }
        return new RateLimits(limit(node, "requests_per_minute", errors), limit(node, "tokens_per_minute", errors),
                limit(node, "concurrent_jobs", errors));
    }

    private static Integer limit(JsonNode limits, String name, List<FieldError> errors) {
        JsonNode node = limits.get(name);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isNumber() || node.getNumberValue().doubleValue() != node.getIntValue() || node.getIntValue() < 0) {
            errors.add(new FieldError("limits." + name, "must be a whole number, 0 or more"));
            return null;
        }
        return node.getIntValue();
    }
}
