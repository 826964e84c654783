package io.inferline.routing.domain;

import io.inferline.contracts.v1.models.GuardRuleSpec;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Applies guard rules to every string in a request's input (nested maps and lists included): a {@code block} rule
 * that matches anywhere refuses the request; {@code redact} rules replace what they match with
 * {@code [redacted:<rule>]}. Card numbers are only those that pass the Luhn check.
 */
public final class GuardRules {

    public static final List<String> KINDS = List.of("keyword", "regex", "pii-email", "pii-phone", "pii-card");

    private static final Pattern EMAIL = Pattern.compile("[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}");
    private static final Pattern PHONE = Pattern.compile(
            "(?<![\\w+])(?<!\\d[ .-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{2,4}\\)[ .-]?|\\d{2,4}[ .-])\\d{3,4}[ .-]?\\d{3,4}"
                    + "(?!\\w|[ .-]\\d)");
    private static final Pattern CARD = Pattern.compile("(?<![\\d-])(?:\\d[ -]?){12,18}\\d(?![\\d-])");

    private final Map<String, Pattern> compiled = new ConcurrentHashMap<>();

    /** A rule with where it came from ({@code tenant} or {@code model}). */
    public record ScopedRule(GuardRuleSpec rule, String scope) {
    }

    /** The outcome: the input to queue (the same object when nothing was redacted) and the rules that matched. */
    public record Outcome(Map<String, Object> input, List<GuardHit> hits) {
    }

    /** Why a rule cannot be used, or empty when it can: for the registry's validation. */
    public static Optional<String> problem(GuardRuleSpec rule) {
        if (rule.kind() == null || !KINDS.contains(rule.kind())) {
            return Optional.of("kind: one of " + String.join(", ", KINDS));
        }
        if (rule.kind().equals("keyword") || rule.kind().equals("regex")) {
            if (rule.pattern() == null || rule.pattern().isBlank()) {
                return Optional.of("pattern: required for kind " + rule.kind());
            }
            if (rule.kind().equals("regex")) {
                try {
                    Pattern.compile(rule.pattern());
                } catch (PatternSyntaxException e) {
                    return Optional.of("pattern: not a valid regular expression (" + e.getDescription() + ")");
                }
            }
        }
        if (GuardAction.parse(rule.action()).isEmpty()) {
            return Optional.of("action: one of block, redact");
        }
        return Optional.empty();
    }

    /** Applies the rules; throws {@link GuardBlockedException} for the first {@code block} rule that matches. */
    public Outcome apply(List<ScopedRule> rules, Map<String, Object> input) {
        if (rules.isEmpty()) {
            return new Outcome(input, List.of());
        }
        List<String> texts = new ArrayList<>();
        collect(input, texts);
        for (ScopedRule scoped : rules) {
            if (GuardAction.parse(scoped.rule().action()).orElse(null) != GuardAction.BLOCK) {
                continue;
            }
            int matches = texts.stream().mapToInt(text -> count(scoped.rule(), text)).sum();
            if (matches > 0) {
                throw new GuardBlockedException(hit(scoped, GuardAction.BLOCK, matches));
            }
        }
        List<ScopedRule> redactions = rules.stream()
                .filter(s -> GuardAction.parse(s.rule().action()).orElse(null) == GuardAction.REDACT)
                // card numbers before phone numbers: a phone pattern would otherwise eat part of a card number
                .sorted((a, b) -> Boolean.compare(!"pii-card".equals(a.rule().kind()), !"pii-card".equals(b.rule().kind())))
                .toList();
        List<GuardHit> hits = new ArrayList<>();
        Map<String, Object> result = input;
        for (ScopedRule scoped : redactions) {
            int[] matches = {0};
            Map<String, Object> rewritten = rewriteMap(result, text -> redact(scoped.rule(), text, matches));
            if (matches[0] > 0) {
                hits.add(hit(scoped, GuardAction.REDACT, matches[0]));
                result = rewritten;
            }
        }
        return new Outcome(result, hits);
    }

    private static GuardHit hit(ScopedRule scoped, GuardAction action, int matches) {
        return new GuardHit(scoped.rule().name(), scoped.rule().kind(), action, scoped.scope(), matches);
    }

    private int count(GuardRuleSpec rule, String text) {
        Pattern pattern = pattern(rule);
        if (pattern == null) {
            return 0;
        }
        int n = 0;
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            if (accepts(rule, m.group())) {
                n++;
            }
        }
        return n;
    }

    private String redact(GuardRuleSpec rule, String text, int[] matches) {
        Pattern pattern = pattern(rule);
        if (pattern == null) {
            return text;
        }
        Matcher m = pattern.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            if (accepts(rule, m.group())) {
                matches[0]++;
                m.appendReplacement(out, Matcher.quoteReplacement("[redacted:" + rule.name() + "]"));
            }
        }
        m.appendTail(out);
        return out.toString();
    }

    private static boolean accepts(GuardRuleSpec rule, String match) {
        return !"pii-card".equals(rule.kind()) || luhn(match);
    }

    private Pattern pattern(GuardRuleSpec rule) {
        return switch (rule.kind()) {
            case "pii-email" -> EMAIL;
            case "pii-phone" -> PHONE;
            case "pii-card" -> CARD;
            case "keyword" -> compiled.computeIfAbsent("k:" + rule.pattern(), k -> Pattern.compile(
                    "(?<!\\w)" + Pattern.quote(rule.pattern()) + "(?!\\w)", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE));
            case "regex" -> {
                try {
                    yield compiled.computeIfAbsent("r:" + rule.pattern(), k -> Pattern.compile(rule.pattern()));
                } catch (PatternSyntaxException e) {
                    yield null; // the registry refuses such rules; one that slipped through matches nothing
                }
            }
            default -> null;
        };
    }

    static boolean luhn(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() < 13 || digits.length() > 19) {
            return false;
        }
        int sum = 0;
        for (int i = 0; i < digits.length(); i++) {
            int d = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
        }
        return sum % 10 == 0;
    }

    private static void collect(Object value, List<String> texts) {
        if (value instanceof String s) {
            texts.add(s);
        } else if (value instanceof Map<?, ?> map) {
            map.values().forEach(v -> collect(v, texts));
        } else if (value instanceof List<?> list) {
            list.forEach(v -> collect(v, texts));
        }
    }

    private static Map<String, Object> rewriteMap(Map<String, Object> map, java.util.function.UnaryOperator<String> f) {
        Map<String, Object> out = new LinkedHashMap<>();
        map.forEach((k, v) -> out.put(k, rewrite(v, f)));
        return out;
    }

    @SuppressWarnings("unchecked")
    private static Object rewrite(Object value, java.util.function.UnaryOperator<String> f) {
        if (value instanceof String s) {
            return f.apply(s);
        } else if (value instanceof Map<?, ?> map) {
            return rewriteMap((Map<String, Object>) map, f);
        } else if (value instanceof List<?> list) {
            return list.stream().map(v -> rewrite(v, f)).toList();
        }
        return value;
    }
}
