package io.inferline.celery.config;

import io.inferline.celery.domain.TaskRoute;
import io.micronaut.context.annotation.EachProperty;

import java.time.Duration;
import java.util.List;

/**
 * One Celery task name and how its arguments become a job ({@code inferline.celery.tasks[n].*}, a list because
 * task names contain dots). See {@link TaskRoute} for the rules and docs/celery.md for examples.
 */
@EachProperty(value = TaskRouteProperties.PREFIX, list = true)
public class TaskRouteProperties {

    public static final String PREFIX = "inferline.celery.tasks";

    /** The Celery task name, e.g. {@code tasks.infer}. */
    private String name;

    /** Names of the positional arguments, in order, as in the Python signature. */
    private List<String> parameters = List.of();

    /** A fixed model for every call; otherwise the model comes from {@link #modelArgument}. */
    private String model;

    /** The argument that names the model. Default {@code model}. */
    private String modelArgument = "model";

    /** An argument that holds the whole input (a dict). */
    private String inputArgument;

    /** Arguments copied into the input; unset: every argument not used otherwise. */
    private List<String> inputArguments;

    /** Whether the arguments priority, ttl_seconds, deadline and metadata are job options. Default false. */
    private boolean optionsFromArguments;

    /** The output field returned as the task's result; unset: the whole output. */
    private String resultField;

    /** How often a failed job is tried again. Default 0. */
    private int maxRetries;

    /** Delay before a failed job is tried again. Default 1 s. */
    private Duration retryDelay = Duration.ofSeconds(1);

    public TaskRoute toRoute() {
        return new TaskRoute(name, parameters, model, model == null ? modelArgument : null, inputArgument,
                inputArguments, optionsFromArguments, resultField, maxRetries, retryDelay);
    }

    public String getName() {
        return name;
    }

    public void setName(String name) {
        this.name = name;
    }

    public List<String> getParameters() {
        return parameters;
    }

    public void setParameters(List<String> parameters) {
        this.parameters = parameters;
    }

    public String getModel() {
        return model;
    }

    public void setModel(String model) {
        this.model = model;
    }

    public String getModelArgument() {
        return modelArgument;
    }

    public void setModelArgument(String modelArgument) {
        this.modelArgument = modelArgument;
    }

    public String getInputArgument() {
        return inputArgument;
    }

    public void setInputArgument(String inputArgument) {
        this.inputArgument = inputArgument;
    }

    public List<String> getInputArguments() {
        return inputArguments;
    }

    public void setInputArguments(List<String> inputArguments) {
        this.inputArguments = inputArguments;
    }

    public boolean isOptionsFromArguments() {
        return optionsFromArguments;
    }

    public void setOptionsFromArguments(boolean optionsFromArguments) {
        this.optionsFromArguments = optionsFromArguments;
    }

    public String getResultField() {
        return resultField;
    }

    public void setResultField(String resultField) {
        this.resultField = resultField;
    }

    public int getMaxRetries() {
        return maxRetries;
    }

    public void setMaxRetries(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    public Duration getRetryDelay() {
        return retryDelay;
    }

    public void setRetryDelay(Duration retryDelay) {
        this.retryDelay = retryDelay;
    }
}
