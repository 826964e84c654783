package io.inferline.backends.adapter.openai;

import io.inferline.backends.config.OpenAiCredentialProperties;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/** The API key for a call, from {@link OpenAiCredentialProperties}: a model match first, then the endpoint's host. */
@Singleton
class ApiKeys {

    private static final Logger LOG = LoggerFactory.getLogger(ApiKeys.class);

    private final List<OpenAiCredentialProperties> credentials;
    private final UnaryOperator<String> environment;
    private final Set<String> warned = ConcurrentHashMap.newKeySet();

    @Inject
    ApiKeys(List<OpenAiCredentialProperties> credentials) {
        this(credentials, System::getenv);
    }

    ApiKeys(List<OpenAiCredentialProperties> credentials, UnaryOperator<String> environment) {
        this.credentials = List.copyOf(credentials);
        this.environment = environment;
    }

    Optional<String> forCall(String model, URI endpoint) {
        String host = endpoint.getHost();
        String hostAndPort = endpoint.getPort() < 0 ? host : host + ":" + endpoint.getPort();
        return credentials.stream().filter(c -> c.getModels().contains(model)).findFirst()
                .or(() -> credentials.stream()
                        .filter(c -> c.getHosts().contains(hostAndPort) || c.getHosts().contains(host)).findFirst())
                .flatMap(this::key);
    }

    private Optional<String> key(OpenAiCredentialProperties credential) {
        if (credential.getApiKeyEnv() != null && !credential.getApiKeyEnv().isBlank()) {
            String value = environment.apply(credential.getApiKeyEnv());
            if (value != null && !value.isBlank()) {
                return Optional.of(value.trim());
            }
            if (warned.add(credential.getName())) {
                LOG.warn("credential '{}' names the environment variable {}, which is not set: calling without a key",
                        credential.getName(), credential.getApiKeyEnv());
            }
        }
        return Optional.ofNullable(credential.getApiKey()).filter(k -> !k.isBlank());
    }
}
