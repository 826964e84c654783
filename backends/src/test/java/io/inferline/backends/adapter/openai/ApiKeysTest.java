package io.inferline.backends.adapter.openai;

import io.inferline.backends.config.OpenAiCredentialProperties;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ApiKeysTest {

    private final Map<String, String> environment = Map.of("OPENAI_API_KEY", "sk-host", "LLAMA_KEY", "sk-model");
    private final ApiKeys keys = new ApiKeys(List.of(
            credential("openai", List.of("api.openai.com"), List.of(), "OPENAI_API_KEY", null),
            credential("llama", List.of(), List.of("llama"), "LLAMA_KEY", null),
            credential("local", List.of("127.0.0.1:8000"), List.of(), null, "sk-literal"),
            credential("unset", List.of("api.deepseek.com"), List.of(), "DEEPSEEK_API_KEY", null)), environment::get);

    @Test
    void theEndpointsHostPicksTheKeyFromTheEnvironment() {
        assertEquals(Optional.of("sk-host"), keys.forCall("gpt", URI.create("https://api.openai.com/v1/chat/completions")));
    }

    @Test
    void aModelMatchWinsOverAHostMatch() {
        assertEquals(Optional.of("sk-model"), keys.forCall("llama", URI.create("https://api.openai.com/v1/completions")));
    }

    @Test
    void aHostMayNameItsPort() {
        assertEquals(Optional.of("sk-literal"), keys.forCall("m", URI.create("http://127.0.0.1:8000/v1/embeddings")));
        assertEquals(Optional.empty(), keys.forCall("m", URI.create("http://127.0.0.1:9000/v1/embeddings")));
    }

    @Test
    void anUnsetVariableMeansNoKey() {
        assertEquals(Optional.empty(), keys.forCall("deepseek-chat", URI.create("https://api.deepseek.com/v1/chat/completions")));
    }

    private static OpenAiCredentialProperties credential(String name, List<String> hosts, List<String> models,
                                                         String env, String key) {
        var credential = new OpenAiCredentialProperties(name);
        credential.setHosts(hosts);
        credential.setModels(models);
        credential.setApiKeyEnv(env);
        credential.setApiKey(key);
        return credential;
    }
}
