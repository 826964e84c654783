package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The house rules every rendered object and pod follows: recommended labels; non-root, read-only root filesystem,
 * no capabilities, RuntimeDefault seccomp; requests and limits; probes, on the services' real health endpoints;
 * pinned images whose tag is the pod's version label.
 */
class WorkloadRulesTest {

    static final Set<String> DEPLOYABLES = Set.of("api", "auth", "model-mgmt", "decision", "inference",
            "celery-compat-worker");
    static final String INFERLINE_IMAGES = "ghcr.io/inferline/";
    private static final List<String> LABELS = List.of("app.kubernetes.io/name", "app.kubernetes.io/component",
            "app.kubernetes.io/part-of", "app.kubernetes.io/version");
    private static final Pattern IMAGE = Pattern.compile("^(?<repo>[a-z0-9.\\-/:_]+?)(?::(?<tag>[A-Za-z0-9._-]+))?(?:@sha256:[a-f0-9]{64})?$");

    @TestFactory
    Stream<DynamicContainer> rules() {
        return Manifests.renderable().stream().map(dir -> DynamicContainer.dynamicContainer(dir.toString(), Stream.of(
                DynamicTest.dynamicTest("recommended labels on every object and pod", () -> labels(dir)),
                DynamicTest.dynamicTest("pods are non-root, read-only, without capabilities", () -> security(dir)),
                DynamicTest.dynamicTest("every container has requests and limits", () -> resources(dir)),
                DynamicTest.dynamicTest("probes on the real health endpoints", () -> probes(dir)),
                DynamicTest.dynamicTest("images are pinned and match the version label", () -> images(dir)))));
    }

    private static void labels(Path dir) {
        Findings findings = new Findings("labels in " + dir);
        for (K8sObject o : Manifests.render(dir)) {
            requireLabels(findings, o.ref(), o.labels());
            o.podTemplate().ifPresent(t -> requireLabels(findings, o.ref() + " pod template", K8sObject.podLabels(t)));
            for (JsonNode claim : o.spec().path("volumeClaimTemplates")) {
                requireLabels(findings, o.ref() + " volumeClaimTemplate " + claim.path("metadata").path("name").asText(),
                        K8sObject.podLabels(claim));
            }
        }
        findings.assertNone();
    }

    private static void requireLabels(Findings findings, String what, Map<String, String> labels) {
        for (String label : LABELS) {
            String value = labels.get(label);
            findings.require(value != null && !value.isBlank(), "%s has no %s", what, label);
        }
        String partOf = labels.get("app.kubernetes.io/part-of");
        findings.require(partOf == null || partOf.equals("inferline"), "%s is part-of '%s', not inferline", what, partOf);
    }

    private static void security(Path dir) {
        Findings findings = new Findings("pod security in " + dir);
        for (K8sObject o : Manifests.render(dir)) {
            JsonNode template = o.podTemplate().orElse(null);
            if (template == null) {
                continue;
            }
            JsonNode pod = template.path("spec");
            JsonNode podSecurity = pod.path("securityContext");
            for (String host : List.of("hostNetwork", "hostPID", "hostIPC")) {
                findings.require(!pod.path(host).asBoolean(false), "%s uses %s", o.ref(), host);
            }
            findings.require(!pod.path("automountServiceAccountToken").asBoolean(true),
                    "%s mounts a service account token it does not need (automountServiceAccountToken: false)", o.ref());
            for (JsonNode c : K8sObject.allContainers(pod)) {
                String name = o.ref() + " container " + c.path("name").asText();
                JsonNode sc = c.path("securityContext");
                findings.require(sc.path("runAsNonRoot").asBoolean(podSecurity.path("runAsNonRoot").asBoolean(false)),
                        "%s may run as root (runAsNonRoot)", name);
                findings.require(sc.path("runAsUser").asLong(podSecurity.path("runAsUser").asLong(1)) != 0,
                        "%s runs as uid 0", name);
                findings.require(sc.path("allowPrivilegeEscalation").isBoolean() && !sc.path("allowPrivilegeEscalation").asBoolean(),
                        "%s does not set allowPrivilegeEscalation: false", name);
                findings.require(!sc.path("privileged").asBoolean(false), "%s is privileged", name);
                findings.require(sc.path("readOnlyRootFilesystem").asBoolean(false),
                        "%s has a writable root filesystem (readOnlyRootFilesystem: true)", name);
                boolean dropsAll = false;
                for (JsonNode cap : sc.path("capabilities").path("drop")) {
                    dropsAll |= cap.asText().equals("ALL");
                }
                findings.require(dropsAll, "%s does not drop ALL capabilities", name);
                findings.require(sc.path("capabilities").path("add").isEmpty(), "%s adds capabilities", name);
                String seccomp = sc.path("seccompProfile").path("type")
                        .asText(podSecurity.path("seccompProfile").path("type").asText(""));
                findings.require(seccomp.equals("RuntimeDefault"), "%s has seccompProfile '%s', not RuntimeDefault",
                        name, seccomp);
            }
        }
        findings.assertNone();
    }

    private static void resources(Path dir) {
        Findings findings = new Findings("resources in " + dir);
        for (K8sObject o : Manifests.render(dir)) {
            JsonNode template = o.podTemplate().orElse(null);
            if (template == null) {
                continue;
            }
            for (JsonNode c : K8sObject.allContainers(template.path("spec"))) {
                String name = o.ref() + " container " + c.path("name").asText();
                JsonNode requests = c.path("resources").path("requests");
                JsonNode limits = c.path("resources").path("limits");
                for (String resource : List.of("cpu", "memory")) {
                    findings.require(requests.hasNonNull(resource), "%s has no %s request", name, resource);
                    findings.require(limits.hasNonNull(resource), "%s has no %s limit", name, resource);
                    if (requests.hasNonNull(resource) && limits.hasNonNull(resource)) {
                        findings.require(quantity(requests.get(resource).asText()).compareTo(quantity(limits.get(resource).asText())) <= 0,
                                "%s requests more %s (%s) than its limit (%s)", name, resource,
                                requests.get(resource).asText(), limits.get(resource).asText());
                    }
                }
                // extended resources (GPUs) cannot be overcommitted: request = limit
                limits.fieldNames().forEachRemaining(r -> {
                    if (r.contains("/")) {
                        findings.require(requests.path(r).asText().equals(limits.path(r).asText()),
                                "%s: %s request and limit differ", name, r);
                    }
                });
            }
        }
        findings.assertNone();
    }

    private static void probes(Path dir) {
        AppConfig.assertEndpointsAtDefaults();
        Findings findings = new Findings("probes in " + dir);
        Render render = Render.of(dir);
        for (K8sObject o : render.objects) {
            JsonNode template = o.podTemplate().orElse(null);
            if (template == null) {
                continue;
            }
            JsonNode pod = template.path("spec");
            if (o.longRunning()) {
                for (JsonNode c : K8sObject.runningContainers(pod)) {
                    String name = o.ref() + " container " + c.path("name").asText();
                    findings.require(c.has("livenessProbe"), "%s has no livenessProbe", name);
                    findings.require(c.has("readinessProbe"), "%s has no readinessProbe", name);
                    for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                        JsonNode port = probePort(c.path(probe));
                        if (port != null && !port.isMissingNode()) {
                            findings.require(hasPort(c, port), "%s %s targets port %s the container does not declare",
                                    name, probe, port.asText());
                        }
                    }
                }
            }
            for (JsonNode c : K8sObject.allContainers(pod)) {
                if (c.path("image").asText().startsWith(INFERLINE_IMAGES)) {
                    inferlineService(findings, render, o, pod, c);
                }
            }
        }
        findings.assertNone();
    }

    /** An Inferline service: probes on /health/* of the port the app serves them on, /tmp writable. */
    private static void inferlineService(Findings findings, Render render, K8sObject owner, JsonNode pod, JsonNode c) {
        String name = owner.ref() + " container " + c.path("name").asText();
        Map<String, String> env = render.environment(c, owner.namespace());
        AppConfig.PortSetting port = AppConfig.serverPort();
        int appPort = Integer.parseInt(env.getOrDefault(port.variable(), String.valueOf(port.defaultPort())));
        String managementPortSetting = env.get(AppConfig.MANAGEMENT_PORT_VARIABLE);
        int healthPort = managementPortSetting != null ? Integer.parseInt(managementPortSetting) : appPort;
        findings.require(declaresPort(c, appPort), "%s does not declare its HTTP port %d (%s)", name, appPort, port.variable());
        Map<String, String> expected = Map.of("startupProbe", "/health/liveness", "livenessProbe", "/health/liveness",
                "readinessProbe", "/health/readiness");
        for (Map.Entry<String, String> e : expected.entrySet()) {
            JsonNode http = c.path(e.getKey()).path("httpGet");
            findings.require(!http.isMissingNode(), "%s has no HTTP %s", name, e.getKey());
            if (http.isMissingNode()) {
                continue;
            }
            findings.require(http.path("path").asText().equals(e.getValue()), "%s %s probes %s instead of %s",
                    name, e.getKey(), http.path("path").asText(), e.getValue());
            Integer number = portNumber(c, http.path("port"));
            findings.require(number != null && number == healthPort,
                    "%s %s probes port %s but the app serves health on %d (%s)", name, e.getKey(),
                    http.path("port").asText(), healthPort,
                    managementPortSetting != null ? AppConfig.MANAGEMENT_PORT_VARIABLE : port.variable());
        }
        boolean tmp = false;
        for (JsonNode mount : c.path("volumeMounts")) {
            if (mount.path("mountPath").asText().equals("/tmp")) {
                String volume = mount.path("name").asText();
                for (JsonNode v : pod.path("volumes")) {
                    tmp |= v.path("name").asText().equals(volume) && v.has("emptyDir");
                }
            }
        }
        findings.require(tmp, "%s has no emptyDir at /tmp (its only writable place)", name);
    }

    private static void images(Path dir) {
        Findings findings = new Findings("images in " + dir);
        for (K8sObject o : Manifests.render(dir)) {
            JsonNode template = o.podTemplate().orElse(null);
            if (template == null) {
                continue;
            }
            String version = K8sObject.podLabels(template).get("app.kubernetes.io/version");
            for (JsonNode c : K8sObject.allContainers(template.path("spec"))) {
                String image = c.path("image").asText();
                String name = o.ref() + " container " + c.path("name").asText();
                Matcher m = IMAGE.matcher(image);
                if (!m.matches() || (m.group("tag") == null && !image.contains("@sha256:"))) {
                    findings.add("%s: image '%s' has no tag or digest", name, image);
                    continue;
                }
                findings.require(!"latest".equals(m.group("tag")), "%s uses the 'latest' tag", name);
                if (image.startsWith(INFERLINE_IMAGES)) {
                    String module = m.group("repo").substring(INFERLINE_IMAGES.length());
                    findings.require(DEPLOYABLES.contains(module), "%s: %s is not a deployable module's image", name, image);
                    findings.require(m.group("tag") != null && m.group("tag").equals(version),
                            "%s: image tag %s differs from the pod's app.kubernetes.io/version %s", name, m.group("tag"), version);
                }
            }
        }
        findings.assertNone();
    }

    private static JsonNode probePort(JsonNode probe) {
        if (probe.has("httpGet")) {
            return probe.path("httpGet").path("port");
        }
        if (probe.has("tcpSocket")) {
            return probe.path("tcpSocket").path("port");
        }
        if (probe.has("grpc")) {
            return probe.path("grpc").path("port");
        }
        return null;
    }

    private static boolean hasPort(JsonNode container, JsonNode port) {
        return portNumber(container, port) != null;
    }

    private static boolean declaresPort(JsonNode container, int number) {
        for (JsonNode p : container.path("ports")) {
            if (p.path("containerPort").asInt() == number) {
                return true;
            }
        }
        return false;
    }

    /** The number a probe's port (name or number) refers to among the container's ports; null if unknown. */
    static Integer portNumber(JsonNode container, JsonNode port) {
        for (JsonNode p : container.path("ports")) {
            if (port.isNumber() ? p.path("containerPort").asInt() == port.asInt() : p.path("name").asText().equals(port.asText())) {
                return p.path("containerPort").asInt();
            }
        }
        return port.isNumber() ? port.asInt() : null;
    }

    /** A Kubernetes quantity in base units (cores, bytes). */
    static BigDecimal quantity(String text) {
        Matcher m = Pattern.compile("^([0-9.]+)([a-zA-Z]*)$").matcher(text.trim());
        if (!m.matches()) {
            throw new IllegalArgumentException("not a quantity: " + text);
        }
        BigDecimal value = new BigDecimal(m.group(1));
        BigDecimal factor = switch (m.group(2)) {
            case "" -> BigDecimal.ONE;
            case "m" -> new BigDecimal("0.001");
            case "k" -> BigDecimal.valueOf(1000L);
            case "M" -> BigDecimal.valueOf(1000_000L);
            case "G" -> BigDecimal.valueOf(1000_000_000L);
            case "Ki" -> BigDecimal.valueOf(1L << 10);
            case "Mi" -> BigDecimal.valueOf(1L << 20);
            case "Gi" -> BigDecimal.valueOf(1L << 30);
            case "Ti" -> BigDecimal.valueOf(1L << 40);
            default -> throw new IllegalArgumentException("unknown quantity suffix: " + text);
        };
        return value.multiply(factor);
    }
}
