package io.inferline.backends.config;

import io.micronaut.context.annotation.EachProperty;
import io.micronaut.context.annotation.Parameter;

import java.util.List;

/**
 * An API key the OpenAI-compatible backend sends as {@code Authorization: Bearer}, {@code
 * inferline.backends.openai.credentials.<name>.*}: for calls to the listed endpoint {@code hosts} ({@code host} or
 * {@code host:port}) or for the listed registry {@code models} (a model match wins over a host match). The key comes
 * from the environment variable {@code api-key-env}, or from {@code api-key} (meant for
 * {@code ${SOME_ENV_VAR}} placeholders and tests; never write a real key into a file). Keys are never logged.
 */
@EachProperty(OpenAiCredentialProperties.PREFIX)
public class OpenAiCredentialProperties {

    public static final String PREFIX = "inferline.backends.openai.credentials";

    private final String name;
    private List<String> hosts = List.of();
    private List<String> models = List.of();
    private String apiKeyEnv;
    private String apiKey;

    public OpenAiCredentialProperties(@Parameter String name) {
        this.name = name;
    }

    public String getName() {
        return name;
    }

    public List<String> getHosts() {
        return hosts;
    }

    public void setHosts(List<String> hosts) {
        this.hosts = List.copyOf(hosts);
    }

    public List<String> getModels() {
        return models;
    }

    public void setModels(List<String> models) {
        this.models = List.copyOf(models);
    }

    public String getApiKeyEnv() {
        return apiKeyEnv;
    }

    public void setApiKeyEnv(String apiKeyEnv) {
        this.apiKeyEnv = apiKeyEnv;
    }

    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(String apiKey) {
        this.apiKey = apiKey;
    }

    @Override
    public String toString() {
        return "OpenAiCredentialProperties[" + name + ", hosts=" + hosts + ", models=" + models + "]";
    }
}
