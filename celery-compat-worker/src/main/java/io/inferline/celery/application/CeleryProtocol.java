package io.inferline.celery.application;

import io.inferline.celery.domain.CeleryError;
import io.inferline.celery.domain.MalformedMessageException;
import io.inferline.celery.domain.TaskContext;
import io.inferline.celery.domain.TaskMessage;
import io.inferline.celery.domain.TaskRefusedException;
import io.micronaut.core.type.Argument;
import io.micronaut.json.JsonMapper;
import jakarta.inject.Singleton;

import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reads Celery task messages, protocol 2 (the task's fields in the headers, the body
 * {@code [args, kwargs, embed]}) and protocol 1 (everything in a body dict), serialized as JSON. A message in
 * another serialization still names its task in protocol 2's headers: it is refused with kombu's
 * {@code ContentDisallowed}, so its caller gets an answer instead of waiting forever.
 */
@Singleton
public class CeleryProtocol {

    private static final Argument<Object> ANY = Argument.of(Object.class);

    private final JsonMapper json;

    public CeleryProtocol(JsonMapper json) {
        this.json = json;
    }

    /** The task; a {@link TaskRefusedException} carries the context to fail it under. */
    public TaskMessage parse(RawMessage raw) {
        Map<String, Object> headers = raw.headers() == null ? Map.of() : raw.headers();
        if (headers.get("task") != null && headers.get("id") != null) {
            return protocol2(raw, headers);
        }
        return protocol1(raw);
    }

    private TaskMessage protocol2(RawMessage raw, Map<String, Object> headers) {
        String id = text(headers.get("id"));
        String name = text(headers.get("task"));
        var context = new TaskContext(id, name, List.of(), Map.of(), integer(headers.get("retries")), raw.routingKey(),
                text(headers.get("group")), text(headers.get("parent_id")), bool(headers.get("ignore_result")));
        Object body = decodeBody(raw, context);
        if (!(body instanceof List<?> parts) || parts.size() < 2 || !(parts.get(0) instanceof List<?> args)
                || !(parts.get(1) instanceof Map<?, ?> kwargs)) {
            throw refused(context, "malformed", CeleryError.valueError(
                    "a protocol 2 body is [args, kwargs, embed]; this one is not"));
        }
        Map<?, ?> embed = parts.size() > 2 && parts.get(2) instanceof Map<?, ?> m ? m : Map.of();
        return new TaskMessage(id, name, new ArrayList<>(args), stringKeys(kwargs), context.retries(),
                time(headers.get("eta"), "eta", context), time(headers.get("expires"), "expires", context),
                raw.priority(), context.group(), context.parentId(), context.ignoreResult(), 2, raw.transport(),
                raw.routingKey(), canvas(embed.get("callbacks"), embed.get("errbacks"), embed.get("chain"),
                embed.get("chord")));
    }

    private TaskMessage protocol1(RawMessage raw) {
        if (!isJson(raw.contentType())) {
            throw new MalformedMessageException("not a Celery task: no protocol 2 headers and a "
                    + raw.contentType() + " body");
        }
        Object body = readJson(raw);
        if (!(body instanceof Map<?, ?> fields) || fields.get("id") == null || fields.get("task") == null) {
            throw new MalformedMessageException("not a Celery task: neither protocol 2 headers nor a protocol 1 body");
        }
        String id = text(fields.get("id"));
        String name = text(fields.get("task"));
        var context = new TaskContext(id, name, List.of(), Map.of(), integer(fields.get("retries")), raw.routingKey(),
                text(fields.get("taskset")), null, false);
        Object args = fields.get("args") == null ? List.of() : fields.get("args");
        Object kwargs = fields.get("kwargs") == null ? Map.of() : fields.get("kwargs");
        if (!(args instanceof List<?> argList) || !(kwargs instanceof Map<?, ?> kwargMap)) {
            throw refused(context, "malformed", CeleryError.valueError("args must be a list and kwargs a dict"));
        }
        return new TaskMessage(id, name, new ArrayList<>(argList), stringKeys(kwargMap), context.retries(),
                time(fields.get("eta"), "eta", context), time(fields.get("expires"), "expires", context),
                raw.priority(), context.group(), null, false, 1, raw.transport(), raw.routingKey(),
                canvas(fields.get("callbacks"), fields.get("errbacks"), null, fields.get("chord")));
    }

    private Object decodeBody(RawMessage raw, TaskContext context) {
        if (!isJson(raw.contentType())) {
            throw refused(context, "content_disallowed", CeleryError.contentDisallowed(
                    "Refusing to deserialize untrusted content of type " + raw.contentType()
                            + ": the Inferline worker accepts JSON only (task_serializer='json')"));
        }
        try {
            return readJson(raw);
        } catch (MalformedMessageException e) {
            throw refused(context, "malformed", CeleryError.valueError(e.getMessage()));
        }
    }

    private Object readJson(RawMessage raw) {
        try {
            String text = new String(raw.body(), charset(raw.contentEncoding()));
            return json.readValue(text, ANY);
        } catch (IOException | RuntimeException e) {
            throw new MalformedMessageException("the body is not JSON: " + e.getMessage(), e);
        }
    }

    private static Charset charset(String encoding) {
        if (encoding == null || encoding.isBlank() || encoding.equalsIgnoreCase("binary")) {
            return StandardCharsets.UTF_8;
        }
        try {
            return Charset.forName(encoding);
        } catch (RuntimeException e) {
            return StandardCharsets.UTF_8;
        }
    }

    static boolean isJson(String contentType) {
        return contentType != null && contentType.toLowerCase(Locale.ROOT).strip().startsWith("application/json");
    }

    /** Names the canvas features a request uses, or null when it uses none. */
    private static String canvas(Object callbacks, Object errbacks, Object chain, Object chord) {
        var used = new ArrayList<String>();
        if (present(callbacks)) {
            used.add("callbacks (link)");
        }
        if (present(errbacks)) {
            used.add("errbacks (link_error)");
        }
        if (present(chain)) {
            used.add("chain");
        }
        if (present(chord)) {
            used.add("chord");
        }
        return used.isEmpty() ? null : String.join(", ", used);
    }

    private static boolean present(Object value) {
        return value != null && !(value instanceof List<?> list && list.isEmpty());
    }

    private static Instant time(Object value, String field, TaskContext context) {
        if (value == null) {
            return null;
        }
        String text = String.valueOf(value).strip();
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException withoutZone) {
            try {
                // protocol 1 with utc=True, or a naive datetime: Celery reads it as UTC
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                throw refused(context, "malformed",
                        CeleryError.valueError(field + " is not an ISO 8601 time: " + text));
            }
        }
    }

    private static TaskRefusedException refused(TaskContext context, String reason, CeleryError error) {
        return new RefusedTask(context, reason, error);
    }

    private static Map<String, Object> stringKeys(Map<?, ?> map) {
        var copy = new LinkedHashMap<String, Object>();
        map.forEach((key, value) -> copy.put(String.valueOf(key), value));
        return copy;
    }

    private static String text(Object value) {
        return value == null ? null : String.valueOf(value);
    }

    private static int integer(Object value) {
        return value instanceof Number n ? n.intValue() : 0;
    }

    private static boolean bool(Object value) {
        return value instanceof Boolean b && b;
    }

    /** A refusal of a message whose task id is known, so the refusal can be its result. */
    public static final class RefusedTask extends TaskRefusedException {

        private final transient TaskContext context;

        RefusedTask(TaskContext context, String reason, CeleryError error) {
            super(reason, error);
            this.context = context;
        }

        public TaskContext context() {
            return context;
        }
    }
}
