package io.inferline.routing.domain;

import io.inferline.contracts.v1.jobs.Priority;
import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.GuardRuleSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RoutingEngineTest {

    private static ModelVersionSpec version(String v, String status) {
        return new ModelVersionSpec(v, "simulator", null, "sim", null, 60, 4096, 8, null, status, null);
    }

    private static RegistrySnapshot registry(String v2Status, List<GuardRuleSpec> guards, TenantPolicySpec policy) {
        var chat = new ModelSpec("chat-model", "chat", "1",
                List.of(version("1", "active"), version("2", v2Status)), null, guards);
        var backup = new ModelSpec("backup-model", "chat", null, List.of(version("7", "active")), null, null);
        var alias = new AliasSpec("chat", List.of(new AliasSpec.Split("chat-model", "1", 90),
                new AliasSpec.Split("chat-model", "2", 10)), List.of(new AliasSpec.Target("backup-model", null)));
        return new RegistrySnapshot(Map.of("chat-model", chat, "backup-model", backup), Map.of("chat", alias),
                policy == null ? Map.of() : Map.of(policy.tenant(), policy));
    }

    private static RouteRequest request(String model, String key, Map<String, Object> input) {
        return new RouteRequest("tenant-a", model, Priority.NORMAL, null, key, null, input);
    }

    @Test
    void ninetyTenSplitOverTenThousandKeysAndStickyPerKey() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var snapshot = registry("active", null, null);
        Map<String, Integer> counts = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            String key = "user-" + i;
            var decision = engine.decide(snapshot, request("chat", key, Map.of())).orElseThrow();
            counts.merge(decision.version(), 1, Integer::sum);
            for (int again = 0; again < 3; again++) {
                assertEquals(decision.version(), engine.decide(snapshot, request("chat", key, Map.of())).orElseThrow().version());
            }
        }
        assertTrue(Math.abs(counts.get("1") - 9_000) < 250, counts.toString());
        assertTrue(Math.abs(counts.get("2") - 1_000) < 250, counts.toString());
    }

    @Test
    void disabledAndDrainingVersionsGetNothing() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        for (String status : List.of("disabled", "draining")) {
            var snapshot = registry(status, null, null);
            for (int i = 0; i < 2_000; i++) {
                var decision = engine.decide(snapshot, request("chat", "k" + i, Map.of())).orElseThrow();
                assertEquals("1", decision.version(), decision.reason());
            }
            assertTrue(engine.decide(snapshot, request("chat", "k", Map.of())).orElseThrow().reason().contains(status));
        }
    }

    @Test
    void aVersionThatFailedTheRequestIsPassedOverForTheFallbackChain() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var snapshot = registry("disabled", null, null);
        assertEquals("chat-model", engine.decide(snapshot, request("chat", "k", Map.of())).orElseThrow().model());

        var decision = engine.decide(snapshot, request("chat", "k", Map.of()), Set.of("chat-model@1")).orElseThrow();
        assertEquals("backup-model", decision.model());
        assertTrue(decision.reason().contains("chat-model@1 failed this request")
                && decision.reason().contains("fallback to backup-model@7"), decision.reason());
        assertThrows(NoBackendAvailableException.class,
                () -> engine.decide(snapshot, request("chat", "k", Map.of()), Set.of("chat-model@1", "backup-model@7")));
    }

    @Test
    void aModelsFailedDefaultVersionGivesWayToItsNextActiveVersion() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var decision = engine.decide(registry("active", null, null), request("chat-model", "k", Map.of()),
                Set.of("chat-model@1")).orElseThrow();
        assertEquals("2", decision.version());
        assertTrue(decision.reason().contains("default version 1 failed this request"), decision.reason());
    }

    @Test
    void fallbackWhenThePrimaryCircuitIsOpen() {
        var engine = new RoutingEngine((model, version) -> model.equals("chat-model"), PoolLoad.UNMEASURED);
        var decision = engine.decide(registry("active", null, null), request("chat", "k", Map.of())).orElseThrow();
        assertEquals("backup-model", decision.model());
        assertEquals("7", decision.version());
        assertTrue(decision.reason().contains("circuit open") && decision.reason().contains("fallback to backup-model@7"),
                decision.reason());
    }

    @Test
    void everyCircuitOpenIsUnavailable() {
        var engine = new RoutingEngine((model, version) -> true, PoolLoad.UNMEASURED);
        assertThrows(NoBackendAvailableException.class,
                () -> engine.decide(registry("active", null, null), request("chat", "k", Map.of())));
    }

    @Test
    void aModelByNameGetsItsDefaultVersionAndUnknownNamesNothing() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var decision = engine.decide(registry("active", null, null), request("chat-model", null, Map.of())).orElseThrow();
        assertEquals("1", decision.version());
        assertTrue(decision.reason().contains("pool 'sim'"), decision.reason());
        assertTrue(engine.decide(registry("active", null, null), request("nope", null, Map.of())).isEmpty());
    }

    @Test
    void leastLagPoolWhenSeveralServeTheVersion() {
        var lags = Map.of("sim", 500L, "sim-b", 3L);
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, pool -> OptionalLong.of(lags.get(pool)));
        var v = new ModelVersionSpec("1", "simulator", null, "sim", List.of("sim-b"), null, null, null, null, "active", null);
        var snapshot = new RegistrySnapshot(Map.of("m", new ModelSpec("m", "chat", null, List.of(v), null, null)), Map.of(), Map.of());
        assertEquals("sim-b", engine.decide(snapshot, request("m", null, Map.of())).orElseThrow().pool());
    }

    @Test
    void tenantsOutsideTheAllowListAreRefused() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var policy = new TenantPolicySpec("tenant-a", List.of("chat-model"), null, null, null);
        assertThrows(ModelNotAllowedException.class,
                () -> engine.decide(registry("active", null, policy), request("chat", null, Map.of())));
        assertEquals("chat-model", engine.decide(registry("active", null, policy), request("chat-model", null, Map.of()))
                .orElseThrow().model());
    }

    @Test
    void blockRulesRefuseAndNameTheRule() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var guards = List.of(new GuardRuleSpec("no-secrets", "keyword", "Project Falcon", "block"));
        var e = assertThrows(GuardBlockedException.class, () -> engine.decide(registry("active", guards, null),
                request("chat-model", null, Map.of("messages", List.of(Map.of("content", "about project falcon?")))))); 
        assertTrue(e.getMessage().contains("no-secrets"), e.getMessage());
        assertTrue(engine.decide(registry("active", guards, null), request("chat-model", null, Map.of("prompt", "falconry")))
                .isPresent());
    }

    @Test
    void redactRulesRewriteTheInputAndShowInTheReason() {
        var engine = new RoutingEngine(CircuitView.ALL_CLOSED, PoolLoad.UNMEASURED);
        var tenantRules = new TenantPolicySpec("tenant-a", null, List.of(
                new GuardRuleSpec("emails", "pii-email", null, "redact"),
                new GuardRuleSpec("phones", "pii-phone", null, "redact"),
                new GuardRuleSpec("cards", "pii-card", null, "redact"),
                new GuardRuleSpec("ids", "regex", "EMP-\\d{4}", "redact")), null, null);
        String text = "mail jo.doe@example.com or call +1 415-555-0100, card 4111 1111 1111 1111, not 1234 5678 9012 3456, EMP-1234";
        var decision = engine.decide(registry("active", null, tenantRules), request("chat-model", null, Map.of("prompt", text)))
                .orElseThrow();
        assertEquals("mail [redacted:emails] or call [redacted:phones], card [redacted:cards], not 1234 5678 9012 3456, "
                + "[redacted:ids]", decision.input().get("prompt"));
        assertEquals(Set.of("emails", "phones", "cards", "ids"),
                Set.copyOf(decision.guardHits().stream().map(GuardHit::rule).toList()));
        assertTrue(decision.reason().contains("redacted by tenant rule 'emails'"), decision.reason());
    }

    @Test
    void invalidRulesAreDescribed() {
        assertTrue(GuardRules.problem(new GuardRuleSpec("r", "regex", "(", "block")).orElseThrow().startsWith("pattern"));
        assertTrue(GuardRules.problem(new GuardRuleSpec("r", "keyword", "x", "drop")).orElseThrow().startsWith("action"));
        assertTrue(GuardRules.problem(new GuardRuleSpec("r", "pii-email", null, "redact")).isEmpty());
    }
}
