package io.inferline.celery.domain;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An exception as Celery's JSON result backend stores it ({@code Backend.prepare_exception}): the class name, its
 * module and its arguments. The client rebuilds it with {@code exception_to_python}: a class it can import (such
 * as {@code celery.exceptions.NotRegistered}) is raised as itself; any other becomes an {@code Exception} subclass
 * of that name, so {@code except Exception} always catches it.
 */
public record CeleryError(String type, String module, List<Object> message) {

    /** Module of the exceptions only Inferline raises; Python clients cannot import it, see above. */
    public static final String INFERLINE_MODULE = "inferline.celery";

    public CeleryError {
        message = List.copyOf(message);
    }

    /** What a Celery worker stores for a task name it does not know. */
    public static CeleryError notRegistered(String taskName) {
        return new CeleryError("NotRegistered", "celery.exceptions", List.of(taskName));
    }

    /** What a Celery worker stores for a task it did not run: {@code reason} is {@code expired} or {@code revoked}. */
    public static CeleryError revoked(String reason) {
        return new CeleryError("TaskRevokedError", "celery.exceptions", List.of(reason));
    }

    /** Arguments that do not fit the task's signature, as Python reports a bad call. */
    public static CeleryError typeError(String message) {
        return new CeleryError("TypeError", "builtins", List.of(message));
    }

    /** An argument of the right type with a value the task cannot take. */
    public static CeleryError valueError(String message) {
        return new CeleryError("ValueError", "builtins", List.of(message));
    }

    /** A Celery feature this worker does not implement (canvas callbacks, chords, compression). */
    public static CeleryError notImplemented(String message) {
        return new CeleryError("NotImplementedError", "builtins", List.of(message));
    }

    /** A body in a serialization other than JSON (pickle, YAML, msgpack). */
    public static CeleryError contentDisallowed(String message) {
        return new CeleryError("ContentDisallowed", "kombu.exceptions", List.of(message));
    }

    /** The Inferline job ran and failed. */
    public static CeleryError jobFailed(String message) {
        return new CeleryError("JobFailed", INFERLINE_MODULE, List.of(message));
    }

    /** The Inferline API refused the job request (an unknown model, an invalid option). */
    public static CeleryError jobRejected(String message) {
        return new CeleryError("JobRejected", INFERLINE_MODULE, List.of(message));
    }

    /** The {@code result} of a FAILURE, REVOKED or RETRY meta, keys in Celery's order. */
    public Map<String, Object> toResult() {
        var result = new LinkedHashMap<String, Object>();
        result.put("exc_type", type);
        result.put("exc_message", message);
        result.put("exc_module", module);
        return result;
    }

    @Override
    public String toString() {
        return module + "." + type + message;
    }
}
