package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;

/**
 * monitoring/: one PrometheusRule per file whose alerts all carry severity, summary and description; every PromQL
 * expression of the rules and the dashboards parses; every metric they use is one the services export (captured in
 * monitoring/metrics/services.txt), one a deployed exporter provides, or one listed as planned; dashboards are
 * valid Grafana JSON and all loaded through the configMapGenerator.
 */
class MonitoringTest {

    private static final Set<String> SEVERITIES = Set.of("critical", "warning", "info");
    private static final Path MONITORING = Path.of("monitoring");

    /** Every expression with where it comes from. */
    private static final Map<String, String> EXPRESSIONS = new LinkedHashMap<>();
    private static List<PromQl.Parsed> parsed;

    @BeforeAll
    static void parseEveryExpression() {
        for (Path file : ruleFiles()) {
            for (JsonNode doc : Manifests.readYamlDocuments(file)) {
                for (JsonNode group : doc.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        String name = rule.path("alert").asText(rule.path("record").asText());
                        EXPRESSIONS.put(rule.path("expr").asText(), repo(file) + " " + name);
                    }
                }
            }
        }
        for (Path file : dashboardFiles()) {
            for (JsonNode panel : panels(readJson(file))) {
                for (JsonNode target : panel.path("targets")) {
                    if (target.has("expr")) {
                        EXPRESSIONS.put(grafanaToPromQl(target.path("expr").asText()),
                                repo(file) + " panel '" + panel.path("title").asText() + "'");
                    }
                }
            }
        }
        parsed = PromQl.parse(new ArrayList<>(EXPRESSIONS.keySet()));
    }

    @Test
    void onePrometheusRulePerFile() {
        Findings findings = new Findings("monitoring/rules");
        Set<String> names = new HashSet<>();
        assertFalse(ruleFiles().isEmpty(), "no rule files in monitoring/rules");
        for (Path file : ruleFiles()) {
            List<JsonNode> docs = Manifests.readYamlDocuments(file);
            findings.require(docs.size() == 1 && docs.get(0).path("kind").asText().equals("PrometheusRule"),
                    "%s must hold exactly one PrometheusRule", repo(file));
            docs.forEach(d -> findings.require(names.add(d.path("metadata").path("name").asText()),
                    "%s: PrometheusRule name %s is used twice", repo(file), d.path("metadata").path("name").asText()));
        }
        List<String> listed = new ArrayList<>();
        Manifests.kustomization(MONITORING).path("resources").forEach(r -> listed.add(r.asText()));
        for (Path file : ruleFiles()) {
            findings.require(listed.contains("rules/" + file.getFileName()), "%s is not listed in monitoring/kustomization.yaml",
                    repo(file));
        }
        findings.assertNone();
    }

    @Test
    void everyRuleGroupMatchesThePrometheusRulesSchema() {
        Findings findings = new Findings("PrometheusRule specs against ../shared/schemas/prometheus.rules.json");
        for (Path file : ruleFiles()) {
            for (JsonNode doc : Manifests.readYamlDocuments(file)) {
                SchemaValidator.get().validate("schemas/prometheus.rules.json", doc.path("spec"))
                        .forEach(p -> findings.add("%s: %s", repo(file), p));
            }
        }
        findings.assertNone();
    }

    @Test
    void everyAlertHasSeveritySummaryAndDescription() {
        Findings findings = new Findings("alerts");
        Set<String> alerts = new HashSet<>();
        int count = 0;
        for (Path file : ruleFiles()) {
            for (JsonNode doc : Manifests.readYamlDocuments(file)) {
                for (JsonNode group : doc.path("spec").path("groups")) {
                    for (JsonNode rule : group.path("rules")) {
                        if (!rule.has("alert")) {
                            continue;
                        }
                        count++;
                        String alert = rule.path("alert").asText();
                        findings.require(alerts.add(alert), "alert %s is defined twice", alert);
                        findings.require(SEVERITIES.contains(rule.path("labels").path("severity").asText()),
                                "%s: alert %s has severity '%s' (one of %s)", repo(file), alert,
                                rule.path("labels").path("severity").asText(), SEVERITIES);
                        for (String annotation : List.of("summary", "description")) {
                            findings.require(!rule.path("annotations").path(annotation).asText().isBlank(),
                                    "%s: alert %s has no %s annotation", repo(file), alert, annotation);
                        }
                    }
                }
            }
        }
        findings.require(count > 0, "no alerts at all");
        findings.assertNone();
    }

    @Test
    void everyPromQlExpressionParses() {
        Findings findings = new Findings("PromQL (@prometheus-io/lezer-promql)");
        for (PromQl.Parsed p : parsed) {
            if (!p.parses()) {
                int at = p.errorOffsets().get(0);
                String expression = p.expression();
                findings.add("%s does not parse at offset %d: ...%s<HERE>%s...", EXPRESSIONS.get(expression), at,
                        expression.substring(Math.max(0, at - 40), at).replace('\n', ' '),
                        expression.substring(at, Math.min(expression.length(), at + 20)).replace('\n', ' '));
            }
        }
        findings.assertNone();
    }

    @Test
    void everyMetricIsExportedByAServiceAnExporterOrPlanned() {
        Set<String> services = catalogue("services.txt");
        Set<String> exporters = catalogue("exporters.txt");
        Set<String> planned = catalogue("planned.txt");
        Findings findings = new Findings("metric names (monitoring/metrics/)");
        Map<String, Set<String>> plannedUses = new TreeMap<>();
        for (PromQl.Parsed p : parsed) {
            for (String metric : p.metrics()) {
                if (planned.contains(metric)) {
                    plannedUses.computeIfAbsent(metric, m -> new TreeSet<>()).add(EXPRESSIONS.get(p.expression()));
                }
                findings.require(services.contains(metric) || exporters.contains(metric) || planned.contains(metric),
                        "%s uses %s, which no service exports (services.txt), no exporter provides and is not planned",
                        EXPRESSIONS.get(p.expression()), metric);
            }
        }
        for (String metric : planned) {
            findings.require(!services.contains(metric), "%s is exported now: remove it from planned.txt", metric);
        }
        if (!plannedUses.isEmpty()) {
            System.out.println("Rules and dashboards waiting for metrics the services do not export yet (planned.txt):");
            plannedUses.forEach((m, uses) -> System.out.println("  " + m + " <- " + uses));
        }
        findings.assertNone();
    }

    @Test
    void dashboardsAreValidAndAllLoaded() {
        Findings findings = new Findings("dashboards");
        Set<String> uids = new HashSet<>();
        List<Path> files = dashboardFiles();
        findings.require(!files.isEmpty(), "no dashboards in monitoring/dashboards");
        for (Path file : files) {
            JsonNode dashboard = readJson(file);
            ObjectNode wrapped = Manifests.JSON.createObjectNode();
            wrapped.set("dashboard", dashboard);
            SchemaValidator.get().validate("schemas/grafana-dashboard-5.x.json", wrapped)
                    .forEach(p -> findings.add("%s: %s", repo(file), p));
            String uid = dashboard.path("uid").asText();
            findings.require(uid.length() >= 8 && uid.length() <= 40, "%s: uid '%s' is not 8-40 characters", repo(file), uid);
            findings.require(uids.add(uid), "%s: uid %s is used twice", repo(file), uid);
            findings.require(!dashboard.path("title").asText().isBlank(), "%s has no title", repo(file));
            for (JsonNode panel : panels(dashboard)) {
                if (panel.path("type").asText().equals("row")) {
                    continue;
                }
                findings.require(panel.path("targets").size() > 0, "%s: panel '%s' has no query", repo(file),
                        panel.path("title").asText());
                findings.require(panel.path("datasource").path("uid").asText().equals("${datasource}"),
                        "%s: panel '%s' does not use the dashboard's data source variable", repo(file), panel.path("title").asText());
            }
        }
        Set<String> generated = new TreeSet<>();
        for (JsonNode generator : Manifests.kustomization(MONITORING).path("configMapGenerator")) {
            generator.path("files").forEach(f -> generated.add(f.asText()));
        }
        for (Path file : files) {
            findings.require(generated.contains("dashboards/" + file.getFileName()),
                    "%s is not loaded by monitoring/kustomization.yaml's configMapGenerator", repo(file));
        }
        findings.assertNone();
    }

    /** Grafana's template variables as PromQL literals, so the expression parses as Prometheus will see it. */
    static String grafanaToPromQl(String expr) {
        return expr.replaceAll("\\$__(rate_interval|interval|range)", "5m")
                .replaceAll("\\$\\{(\\w+)(:\\w+)?}", "$1")
                .replaceAll("\\$(\\w+)", "$1");
    }

    private static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> out = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            out.add(panel);
            panel.path("panels").forEach(out::add);
        }
        return out;
    }

    private static Set<String> catalogue(String name) {
        Set<String> names = new TreeSet<>();
        for (String line : Manifests.read(Manifests.repoRoot().resolve(MONITORING).resolve("metrics").resolve(name)).split("\n")) {
            String trimmed = line.strip();
            if (!trimmed.isEmpty() && !trimmed.startsWith("#")) {
                names.add(trimmed.split("\\s+")[0]);
            }
        }
        return names;
    }

    private static List<Path> ruleFiles() {
        return list(Manifests.repoRoot().resolve("monitoring/rules"), ".yaml");
    }

    private static List<Path> dashboardFiles() {
        return list(Manifests.repoRoot().resolve("monitoring/dashboards"), ".json");
    }

    private static List<Path> list(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(suffix)).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode readJson(Path file) {
        try {
            return Manifests.JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static String repo(Path file) {
        return Manifests.repoRoot().relativize(file).toString();
    }
}
