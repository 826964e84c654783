package io.inferline.modelmgmt.domain;

import io.inferline.contracts.v1.events.Topics;
import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.GuardRuleSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.inferline.routing.domain.GuardRules;
import io.inferline.routing.domain.RegistrySnapshot;

import java.math.BigDecimal;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The rules a registry entry must follow, each fault named by its field ({@code versions[1].pool}). Shape faults
 * are reported by {@link #model}, {@link #alias} and {@link #tenantPolicy}; references to other entries (an alias
 * naming a model that does not exist) by {@link #references}.
 */
public final class RegistryValidation {

    public static final Set<String> TASKS = Set.of("chat", "completion", "embedding", "classification");
    public static final Set<String> STATUSES = Set.of(ModelVersionSpec.ACTIVE, ModelVersionSpec.DRAINING, ModelVersionSpec.DISABLED);
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,63}");
    private static final Pattern VERSION = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,31}");
    private static final Pattern BACKEND_KIND = Pattern.compile("[a-z0-9][a-z0-9-]{0,31}");

    private RegistryValidation() {
    }

    public static boolean validName(String name) {
        return name != null && NAME.matcher(name).matches();
    }

    public static List<FieldError> model(ModelSpec model) {
        List<FieldError> errors = new ArrayList<>();
        if (!validName(model.name())) {
            errors.add(new FieldError("name", "lowercase letters, digits, '.', '_' and '-', at most 64 characters"));
        }
        if (model.task() == null || !TASKS.contains(model.task())) {
            errors.add(new FieldError("task", "one of chat, completion, embedding, classification"));
        }
        if (model.versions() == null || model.versions().isEmpty()) {
            errors.add(new FieldError("versions", "at least one version"));
        } else {
            Set<String> seen = new HashSet<>();
            for (int i = 0; i < model.versions().size(); i++) {
                version("versions[" + i + "].", model.versions().get(i), seen, errors);
            }
            if (model.defaultVersion() != null && !seen.contains(model.defaultVersion())) {
                errors.add(new FieldError("default_version", "not one of the model's versions"));
            }
        }
        if (model.allowedTenants() != null) {
            for (int i = 0; i < model.allowedTenants().size(); i++) {
                if (blank(model.allowedTenants().get(i))) {
                    errors.add(new FieldError("allowed_tenants[" + i + "]", "a tenant id"));
                }
            }
        }
        guards(model.guards(), errors);
        return errors;
    }

    private static void version(String at, ModelVersionSpec v, Set<String> seen, List<FieldError> errors) {
        if (v == null) {
            errors.add(new FieldError(at.substring(0, at.length() - 1), "required"));
            return;
        }
        if (v.version() == null || !VERSION.matcher(v.version()).matches()) {
            errors.add(new FieldError(at + "version", "letters, digits, '.', '_' and '-', at most 32 characters"));
        } else if (!seen.add(v.version())) {
            errors.add(new FieldError(at + "version", "duplicate version '" + v.version() + "'"));
        }
        if (v.backendKind() == null || !BACKEND_KIND.matcher(v.backendKind()).matches()) {
            errors.add(new FieldError(at + "backend_kind", "required: lowercase letters, digits and '-' (simulator, vllm, "
                    + "tensorrt-llm, bert, openai, ...)"));
        }
        if (v.endpoint() != null && !httpUrl(v.endpoint())) {
            errors.add(new FieldError(at + "endpoint", "an absolute http(s) URL"));
        }
        if (!validPool(v.pool())) {
            errors.add(new FieldError(at + "pool", "required: lowercase letters, digits and '-', at most 63 characters"));
        }
        if (v.additionalPools() != null) {
            for (int i = 0; i < v.additionalPools().size(); i++) {
                if (!validPool(v.additionalPools().get(i))) {
                    errors.add(new FieldError(at + "additional_pools[" + i + "]", "lowercase letters, digits and '-'"));
                }
            }
        }
        range(at + "timeout_seconds", v.timeoutSeconds(), 1, 86_400, errors);
        range(at + "max_tokens", v.maxTokens(), 1, 10_000_000, errors);
        range(at + "concurrency", v.concurrency(), 1, 100_000, errors);
        if (v.pricePer1kTokens() != null && v.pricePer1kTokens().compareTo(BigDecimal.ZERO) < 0) {
            errors.add(new FieldError(at + "price_per_1k_tokens", "zero or more"));
        }
        if (v.status() != null && !STATUSES.contains(v.status())) {
            errors.add(new FieldError(at + "status", "one of active, draining, disabled"));
        }
    }

    public static List<FieldError> alias(AliasSpec alias) {
        List<FieldError> errors = new ArrayList<>();
        if (!validName(alias.name())) {
            errors.add(new FieldError("name", "lowercase letters, digits, '.', '_' and '-', at most 64 characters"));
        }
        if (alias.splits() == null || alias.splits().isEmpty()) {
            errors.add(new FieldError("splits", "at least one split"));
        } else {
            int total = 0;
            for (int i = 0; i < alias.splits().size(); i++) {
                AliasSpec.Split split = alias.splits().get(i);
                String at = "splits[" + i + "].";
                if (split == null) {
                    errors.add(new FieldError("splits[" + i + "]", "required"));
                    continue;
                }
                if (blank(split.model())) {
                    errors.add(new FieldError(at + "model", "required"));
                }
                if (blank(split.version())) {
                    errors.add(new FieldError(at + "version", "required"));
                }
                if (split.weight() == null || split.weight() < 0 || split.weight() > 10_000) {
                    errors.add(new FieldError(at + "weight", "an integer from 0 to 10000"));
                } else {
                    total += split.weight();
                }
            }
            if (total == 0 && errors.isEmpty()) {
                errors.add(new FieldError("splits", "the weights must not all be 0"));
            }
        }
        if (alias.fallbacks() != null) {
            for (int i = 0; i < alias.fallbacks().size(); i++) {
                var fallback = alias.fallbacks().get(i);
                if (fallback == null || blank(fallback.model())) {
                    errors.add(new FieldError("fallbacks[" + i + "].model", "required"));
                }
            }
        }
        return errors;
    }

    public static List<FieldError> tenantPolicy(TenantPolicySpec policy) {
        List<FieldError> errors = new ArrayList<>();
        if (blank(policy.tenant()) || policy.tenant().length() > 128) {
            errors.add(new FieldError("tenant", "a tenant id, at most 128 characters"));
        }
        if (policy.allowedModels() != null) {
            for (int i = 0; i < policy.allowedModels().size(); i++) {
                if (!validName(policy.allowedModels().get(i))) {
                    errors.add(new FieldError("allowed_models[" + i + "]", "a model or alias name"));
                }
            }
        }
        guards(policy.guards(), errors);
        if (policy.monthlyTokenBudget() != null && policy.monthlyTokenBudget() < 0) {
            errors.add(new FieldError("monthly_token_budget", "zero or more tokens"));
        }
        if (policy.monthlySpendLimit() != null && policy.monthlySpendLimit().signum() < 0) {
            errors.add(new FieldError("monthly_spend_limit", "zero or more"));
        }
        return errors;
    }

    /** Faults in what an alias refers to: every split and fallback must name a model (and version) that exists. */
    public static List<FieldError> references(AliasSpec alias, RegistrySnapshot registry) {
        List<FieldError> errors = new ArrayList<>();
        if (registry.model(alias.name()).isPresent()) {
            errors.add(new FieldError("name", "a model has this name"));
        }
        for (int i = 0; i < alias.splits().size(); i++) {
            var split = alias.splits().get(i);
            var model = registry.model(split.model());
            if (model.isEmpty()) {
                errors.add(new FieldError("splits[" + i + "].model", "no model named '" + split.model() + "'"));
            } else if (model.get().versions().stream().noneMatch(v -> v.version().equals(split.version()))) {
                errors.add(new FieldError("splits[" + i + "].version", "model '" + split.model() + "' has no version '"
                        + split.version() + "'"));
            }
        }
        List<AliasSpec.Target> fallbacks = alias.fallbacks() == null ? List.of() : alias.fallbacks();
        for (int i = 0; i < fallbacks.size(); i++) {
            var fallback = fallbacks.get(i);
            var model = registry.model(fallback.model());
            if (model.isEmpty()) {
                errors.add(new FieldError("fallbacks[" + i + "].model", "no model named '" + fallback.model() + "'"));
            } else if (fallback.version() != null
                    && model.get().versions().stream().noneMatch(v -> v.version().equals(fallback.version()))) {
                errors.add(new FieldError("fallbacks[" + i + "].version", "model '" + fallback.model()
                        + "' has no version '" + fallback.version() + "'"));
            }
        }
        return errors;
    }

    private static void guards(List<GuardRuleSpec> guards, List<FieldError> errors) {
        if (guards == null) {
            return;
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < guards.size(); i++) {
            String at = "guards[" + i + "].";
            GuardRuleSpec rule = guards.get(i);
            if (rule == null) {
                errors.add(new FieldError("guards[" + i + "]", "required"));
                continue;
            }
            if (!validName(rule.name())) {
                errors.add(new FieldError(at + "name", "lowercase letters, digits, '.', '_' and '-'"));
            } else if (!names.add(rule.name())) {
                errors.add(new FieldError(at + "name", "duplicate rule name '" + rule.name() + "'"));
            }
            GuardRules.problem(rule).ifPresent(problem -> {
                int colon = problem.indexOf(':');
                errors.add(new FieldError(at + problem.substring(0, colon), problem.substring(colon + 1).trim()));
            });
        }
    }

    private static void range(String field, Integer value, int min, int max, List<FieldError> errors) {
        if (value != null && (value < min || value > max)) {
            errors.add(new FieldError(field, "from " + min + " to " + max));
        }
    }

    private static boolean validPool(String pool) {
        try {
            Topics.requirePool(pool);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean httpUrl(String value) {
        try {
            URI uri = URI.create(value);
            return uri.isAbsolute() && ("http".equals(uri.getScheme()) || "https".equals(uri.getScheme()))
                    && uri.getHost() != null;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }
}
