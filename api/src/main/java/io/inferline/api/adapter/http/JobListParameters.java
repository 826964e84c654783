package io.inferline.api.adapter.http;

import io.inferline.api.application.JobQuery;
import io.inferline.common.error.InvalidRequestException;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.micronaut.http.HttpParameters;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Query parameters of {@code GET /v1/jobs}: {@code status} (comma-separated or repeated), {@code model},
 * {@code created_after}, {@code created_before}, {@code metadata.<key>=<value>}, {@code limit} (1-100, default
 * 20) and the opaque {@code cursor} of the previous page.
 */
record JobListParameters(JobQuery query, int limit) {

    static final int DEFAULT_LIMIT = 20;
    static final int MAX_LIMIT = 100;
    private static final String METADATA_PREFIX = "metadata.";
    private static final Set<String> NAMES = Set.of("status", "model", "created_after", "created_before", "limit",
            "cursor");

    static JobListParameters read(HttpParameters parameters) {
        var errors = new ArrayList<FieldError>();
        var statuses = EnumSet.noneOf(JobStatus.class);
        var metadata = new LinkedHashMap<String, String>();
        for (String name : parameters.names()) {
            if (name.startsWith(METADATA_PREFIX) && name.length() > METADATA_PREFIX.length()) {
                metadata.put(name.substring(METADATA_PREFIX.length()), parameters.get(name));
            } else if (!NAMES.contains(name)) {
                errors.add(new FieldError(name, "unknown query parameter"));
            }
        }
        for (String value : parameters.getAll("status")) {
            for (String status : value.split(",")) {
                try {
                    statuses.add(JobStatus.fromWireName(status.strip()));
                } catch (IllegalArgumentException e) {
                    errors.add(new FieldError("status", "must be queued, running, succeeded, failed, canceled or expired"));
                }
            }
        }
        Instant after = instant(parameters.get("created_after"), "created_after", errors);
        Instant before = instant(parameters.get("created_before"), "created_before", errors);
        int limit = limit(parameters.get("limit"), errors);
        UUID cursor = cursor(parameters.get("cursor"), errors);
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
        return new JobListParameters(
                new JobQuery(statuses, parameters.get("model"), after, before, metadata, cursor), limit);
    }

    static String cursorAfter(UUID lastId) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(lastId.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static UUID cursor(String value, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return UUID.fromString(new String(Base64.getUrlDecoder().decode(value), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            errors.add(new FieldError("cursor", "is not a cursor this API returned"));
            return null;
        }
    }

    private static int limit(String value, List<FieldError> errors) {
        if (value == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(value);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        errors.add(new FieldError("limit", "must be a whole number from 1 to " + MAX_LIMIT));
        return DEFAULT_LIMIT;
    }

    private static Instant instant(String value, String name, List<FieldError> errors) {
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            errors.add(new FieldError(name, "must be an RFC 3339 timestamp such as 2026-01-31T12:00:00Z"));
            return null;
        }
    }
}
