package io.inferline.celery.domain;

import io.inferline.contracts.v1.jobs.Priority;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * How one Celery task name becomes an Inferline job. The task's arguments are first bound to names as Python binds
 * a call ({@code parameters} names the positional ones, keyword arguments keep theirs); then the model comes from
 * {@code model} (fixed) or the argument {@code modelArgument}; the input is the argument {@code inputArgument}
 * (a dict) or else a dict of the arguments {@code inputArguments} (all remaining arguments when that is null).
 * With {@code optionsFromArguments}, the arguments {@code priority}, {@code ttl_seconds}, {@code deadline} and
 * {@code metadata} are job options. A call that does not fit fails the task with the {@code TypeError} Python
 * would raise.
 *
 * @param resultField the output field that is the task's result (e.g. {@code text}), or null for the whole output
 * @param maxRetries  how often a failed job is submitted again, as a Celery task with {@code max_retries}
 * @param retryDelay  how long after a failure it is submitted again
 */
public record TaskRoute(String name, List<String> parameters, String model, String modelArgument,
                        String inputArgument, List<String> inputArguments, boolean optionsFromArguments,
                        String resultField, int maxRetries, Duration retryDelay) {

    /** The task every deployment understands: {@code inferline.infer(model, input, **options)}. */
    public static final String BUILT_IN = "inferline.infer";

    public TaskRoute {
        parameters = parameters == null ? List.of() : List.copyOf(parameters);
        inputArguments = inputArguments == null ? null : List.copyOf(inputArguments);
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a task route needs the Celery task name");
        }
        if ((model == null || model.isBlank()) && (modelArgument == null || modelArgument.isBlank())) {
            throw new IllegalArgumentException("task " + name + ": set model or model-argument");
        }
        if (maxRetries < 0) {
            throw new IllegalArgumentException("task " + name + ": max-retries must not be negative");
        }
        retryDelay = retryDelay == null ? Duration.ofSeconds(1) : retryDelay;
    }

    public static TaskRoute builtIn() {
        return new TaskRoute(BUILT_IN, List.of("model", "input"), null, "model", "input", null, true, null, 0,
                Duration.ofSeconds(1));
    }

    public MappedJob map(List<Object> args, Map<String, Object> kwargs) {
        Map<String, Object> bound = bind(args, kwargs);
        String jobModel = model != null && !model.isBlank() ? model : takeModel(bound);

        Priority priority = null;
        Long ttl = null;
        String deadline = null;
        Map<String, String> metadata = Map.of();
        if (optionsFromArguments) {
            priority = priority(bound.remove("priority"));
            ttl = ttl(bound.remove("ttl_seconds"));
            deadline = deadline(bound.remove("deadline"));
            metadata = metadata(bound.remove("metadata"));
        }
        return new MappedJob(jobModel, input(bound), priority, ttl, deadline, metadata);
    }

    /** What {@code AsyncResult.get()} returns for a job's output. */
    public Object result(Map<String, Object> output) {
        if (resultField == null || resultField.isBlank() || output == null) {
            return output;
        }
        return output.get(resultField);
    }

    private String function() {
        return name.substring(name.lastIndexOf('.') + 1) + "()";
    }

    private Map<String, Object> bind(List<Object> args, Map<String, Object> kwargs) {
        if (args.size() > parameters.size()) {
            throw typeError(function() + " takes " + plural(parameters.size(), "positional argument") + " but "
                    + args.size() + (args.size() == 1 ? " was" : " were") + " given");
        }
        Map<String, Object> bound = new LinkedHashMap<>();
        for (int i = 0; i < args.size(); i++) {
            bound.put(parameters.get(i), args.get(i));
        }
        for (var entry : kwargs.entrySet()) {
            if (bound.containsKey(entry.getKey())) {
                throw typeError(function() + " got multiple values for argument '" + entry.getKey() + "'");
            }
            bound.put(entry.getKey(), entry.getValue());
        }
        return bound;
    }

    private String takeModel(Map<String, Object> bound) {
        if (!bound.containsKey(modelArgument)) {
            throw typeError(function() + " missing 1 required argument: '" + modelArgument + "'");
        }
        if (!(bound.remove(modelArgument) instanceof String value) || value.isBlank()) {
            throw typeError(function() + " argument '" + modelArgument + "' must be a model name (str)");
        }
        return value;
    }

    private Map<String, Object> input(Map<String, Object> remaining) {
        Map<String, Object> input = new LinkedHashMap<>();
        if (inputArgument != null && !inputArgument.isBlank()) {
            if (!remaining.containsKey(inputArgument)) {
                throw typeError(function() + " missing 1 required argument: '" + inputArgument + "'");
            }
            if (!(remaining.remove(inputArgument) instanceof Map<?, ?> given)) {
                throw typeError(function() + " argument '" + inputArgument + "' must be a dict");
            }
            given.forEach((key, value) -> input.put(String.valueOf(key), value));
            if (inputArguments == null) {
                if (!remaining.isEmpty()) {
                    throw typeError(function() + " got an unexpected keyword argument '"
                            + remaining.keySet().iterator().next() + "'");
                }
                return input;
            }
        }
        for (var entry : remaining.entrySet()) {
            if (inputArguments == null || inputArguments.contains(entry.getKey())) {
                input.put(entry.getKey(), entry.getValue());
            }
        }
        return input;
    }

    private static Priority priority(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            var priority = Priority.parse(s);
            if (priority.isPresent()) {
                return priority.get();
            }
        }
        throw new TaskRefusedException("invalid_arguments",
                CeleryError.valueError("priority must be 'high', 'normal' or 'low', not " + PythonJson.dumps(value)));
    }

    private static Long ttl(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof Integer || value instanceof Long) {
            return ((Number) value).longValue();
        }
        throw typeError("ttl_seconds must be an int, not " + PythonJson.dumps(value));
    }

    private static String deadline(Object value) {
        if (value == null) {
            return null;
        }
        if (value instanceof String s) {
            return s;
        }
        throw typeError("deadline must be an RFC 3339 timestamp (str), not " + PythonJson.dumps(value));
    }

    private static Map<String, String> metadata(Object value) {
        if (value == null) {
            return Map.of();
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, String> metadata = new LinkedHashMap<>();
            for (var entry : map.entrySet()) {
                if (!(entry.getValue() instanceof String s)) {
                    throw typeError("metadata values must be str, not " + PythonJson.dumps(entry.getValue()));
                }
                metadata.put(String.valueOf(entry.getKey()), s);
            }
            return metadata;
        }
        throw typeError("metadata must be a dict of str, not " + PythonJson.dumps(value));
    }

    private static TaskRefusedException typeError(String message) {
        return new TaskRefusedException("invalid_arguments", CeleryError.typeError(message));
    }

    private static String plural(int n, String noun) {
        return n + " " + noun + (n == 1 ? "" : "s");
    }
}
