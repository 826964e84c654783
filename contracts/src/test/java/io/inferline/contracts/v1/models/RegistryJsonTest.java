package io.inferline.contracts.v1.models;

import io.micronaut.json.JsonMapper;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The registry's wire names, as the admin API documents them. */
class RegistryJsonTest {

    private final JsonMapper json = JsonMapper.createDefault();

    @Test
    void versionFieldsUseTheDocumentedNames() throws Exception {
        var version = json.readValue("""
                {"version":"1","backend_kind":"vllm","endpoint":"http://vllm:8000","pool":"gpu","timeout_seconds":30,
                 "price_per_1k_tokens":0.5,"upstream_model":"meta-llama/Llama-3-8B","status":"active"}""",
                ModelVersionSpec.class);
        assertEquals(new BigDecimal("0.5"), version.pricePer1kTokens());
        assertEquals("meta-llama/Llama-3-8B", version.upstreamModel());
        assertEquals(30, version.timeoutSeconds());
        String written = json.writeValueAsString(version);
        assertTrue(written.contains("\"price_per_1k_tokens\":0.5"), written);
    }

    @Test
    void tenantPolicyBudgetsUseTheDocumentedNames() throws Exception {
        var policy = json.readValue("""
                {"tenant":"acme","monthly_token_budget":1000000,"monthly_spend_limit":25.5}""", TenantPolicySpec.class);
        assertEquals(1_000_000L, policy.monthlyTokenBudget());
        assertEquals(new BigDecimal("25.5"), policy.monthlySpendLimit());
    }
}
