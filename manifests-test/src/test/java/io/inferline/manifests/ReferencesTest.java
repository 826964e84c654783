package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * References between objects, which schemas cannot see: every Service, PDB, autoscaler, NetworkPolicy, Istio
 * host/subset/principal, monitor, ConfigMap, Secret, volume claim and service account points at something the same
 * render holds (or, for Secrets, at one operators create: {@link #EXTERNAL_SECRETS}).
 */
class ReferencesTest {

    /**
     * Secrets that production creates out of band (docs/operations.md) and the scenarios leave out. The dev overlay
     * generates its own, so there every reference must resolve to a rendered Secret.
     */
    static final Set<String> EXTERNAL_SECRETS = Set.of("postgres-admin", "db-api", "db-auth", "db-inference",
            "db-model-mgmt", "db-celery", "redis-auth", "auth-bootstrap", "inferline-tls");

    @TestFactory
    Stream<DynamicContainer> references() {
        return Manifests.completeRenders().stream().map(dir -> DynamicContainer.dynamicContainer(dir.toString(), Stream.of(
                DynamicTest.dynamicTest("Services select pods and their ports exist", () -> services(Render.of(dir))),
                DynamicTest.dynamicTest("PodDisruptionBudgets select pods", () -> disruptionBudgets(Render.of(dir))),
                DynamicTest.dynamicTest("autoscalers target workloads that leave replicas to them", () -> autoscalers(Render.of(dir))),
                DynamicTest.dynamicTest("NetworkPolicies select pods that exist", () -> networkPolicies(Render.of(dir))),
                DynamicTest.dynamicTest("ConfigMaps, Secrets, claims and accounts exist", () -> podReferences(Render.of(dir))),
                DynamicTest.dynamicTest("Istio hosts, subsets, gateways and principals exist", () -> istio(Render.of(dir))),
                DynamicTest.dynamicTest("monitors select targets with those ports", () -> monitors(Render.of(dir))),
                DynamicTest.dynamicTest("Ingress backends exist", () -> ingresses(Render.of(dir))))));
    }

    private static void services(Render render) {
        Findings findings = new Findings("Services of " + render.dir);
        render.all("Service").forEach(s -> {
            JsonNode selector = s.spec().path("selector");
            List<Render.Pod> pods = render.podsMatching(selector, s.namespace());
            findings.require(!pods.isEmpty(), "Service %s selects no pod (%s)", s.name(), selector);
            for (JsonNode port : s.spec().path("ports")) {
                JsonNode target = port.has("targetPort") ? port.get("targetPort") : port.get("port");
                findings.require(pods.isEmpty() || pods.stream().allMatch(p -> p.hasPort(target)),
                        "Service %s port %s targets %s, which its pods do not all declare", s.name(),
                        port.path("name").asText(), target.asText());
            }
        });
        findings.assertNone();
    }

    private static void disruptionBudgets(Render render) {
        Findings findings = new Findings("PodDisruptionBudgets of " + render.dir);
        render.all("PodDisruptionBudget").forEach(pdb -> findings.require(
                !render.podsMatching(pdb.spec().path("selector"), pdb.namespace()).isEmpty(),
                "PodDisruptionBudget %s selects no pod", pdb.name()));
        // every Deployment and StatefulSet of more than one pod is covered by a budget
        render.objects.stream().filter(o -> o.is("Deployment") || o.is("StatefulSet")).forEach(w -> {
            Map<String, String> labels = K8sObject.podLabels(w.podTemplate().orElseThrow());
            boolean covered = render.all("PodDisruptionBudget").anyMatch(pdb ->
                    pdb.namespace().equals(w.namespace()) && Selectors.matches(pdb.spec().path("selector"), labels));
            findings.require(covered, "%s has no PodDisruptionBudget", w.ref());
        });
        findings.assertNone();
    }

    private static void autoscalers(Render render) {
        Findings findings = new Findings("autoscalers of " + render.dir);
        Set<String> scaled = new HashSet<>();
        render.all("HorizontalPodAutoscaler").forEach(hpa -> {
            JsonNode ref = hpa.spec().path("scaleTargetRef");
            Optional<K8sObject> target = render.find(ref.path("kind").asText(), ref.path("name").asText(), hpa.namespace());
            findings.require(target.isPresent(), "HPA %s targets missing %s/%s", hpa.name(), ref.path("kind").asText(),
                    ref.path("name").asText());
            target.ifPresent(t -> {
                findings.require(!t.spec().has("replicas"), "%s sets spec.replicas although HPA %s scales it", t.ref(), hpa.name());
                findings.require(scaled.add(t.ref()), "%s is scaled by more than one autoscaler", t.ref());
            });
            Set<String> metrics = new HashSet<>();
            hpa.spec().path("metrics").forEach(m -> metrics.add(m.path("resource").path("name").asText()));
            findings.require(metrics.containsAll(Set.of("cpu", "memory")), "HPA %s does not scale on cpu and memory", hpa.name());
            findings.require(hpa.spec().path("minReplicas").asInt(1) <= hpa.spec().path("maxReplicas").asInt(),
                    "HPA %s: minReplicas > maxReplicas", hpa.name());
        });
        render.all("ScaledObject").forEach(so -> {
            JsonNode ref = so.spec().path("scaleTargetRef");
            String kind = ref.path("kind").asText("Deployment");
            Optional<K8sObject> target = render.find(kind, ref.path("name").asText(), so.namespace());
            findings.require(target.isPresent(), "ScaledObject %s targets missing %s/%s", so.name(), kind, ref.path("name").asText());
            target.ifPresent(t -> {
                findings.require(!t.spec().has("replicas"), "%s sets spec.replicas although ScaledObject %s scales it",
                        t.ref(), so.name());
                findings.require(scaled.add(t.ref()), "%s is scaled by more than one autoscaler", t.ref());
            });
            findings.require(so.spec().path("minReplicaCount").asInt(0) <= so.spec().path("maxReplicaCount").asInt(100),
                    "ScaledObject %s: minReplicaCount > maxReplicaCount", so.name());
        });
        findings.assertNone();
    }

    private static void networkPolicies(Render render) {
        Findings findings = new Findings("NetworkPolicies of " + render.dir);
        render.all("NetworkPolicy").forEach(np -> {
            JsonNode selector = np.spec().path("podSelector");
            if (!Selectors.isEmpty(selector)) {
                findings.require(selectsSomething(render, selector, np.namespace()),
                        "NetworkPolicy %s selects no pod (%s)", np.name(), selector);
            }
            List<JsonNode> peers = new ArrayList<>();
            np.spec().path("ingress").forEach(rule -> rule.path("from").forEach(peers::add));
            np.spec().path("egress").forEach(rule -> rule.path("to").forEach(peers::add));
            for (JsonNode peer : peers) {
                if (peer.has("namespaceSelector")) {
                    Map<String, String> ns = Selectors.matchLabels(peer.path("namespaceSelector"));
                    findings.require(ns.containsKey("kubernetes.io/metadata.name"),
                            "NetworkPolicy %s selects namespaces by something other than kubernetes.io/metadata.name", np.name());
                } else if (peer.has("podSelector")) {
                    findings.require(selectsSomething(render, peer.path("podSelector"), np.namespace()),
                            "NetworkPolicy %s allows traffic with pods that do not exist (%s)", np.name(), peer.path("podSelector"));
                }
            }
        });
        findings.assertNone();
    }

    private static boolean selectsSomething(Render render, JsonNode selector, String namespace) {
        return !render.podsMatching(selector, namespace).isEmpty() || render.selectsStrimziPods(selector, namespace);
    }

    private static void podReferences(Render render) {
        Findings findings = new Findings("references of pods in " + render.dir);
        boolean generatesSecrets = render.hasKind("Secret");
        for (Render.Pod pod : render.pods()) {
            String owner = pod.owner().ref();
            String ns = pod.namespace();
            JsonNode spec = pod.spec();
            String account = spec.path("serviceAccountName").asText("default");
            findings.require(account.equals("default") || render.find("ServiceAccount", account, ns).isPresent(),
                    "%s runs as missing ServiceAccount %s", owner, account);
            Set<String> claims = new HashSet<>();
            pod.owner().spec().path("volumeClaimTemplates").forEach(c -> claims.add(c.path("metadata").path("name").asText()));
            Set<String> volumes = new HashSet<>();
            for (JsonNode v : spec.path("volumes")) {
                volumes.add(v.path("name").asText());
                if (v.has("configMap")) {
                    configMap(findings, render, owner, ns, v.path("configMap").path("name").asText(), keys(v.path("configMap")));
                }
                if (v.has("secret")) {
                    secret(findings, render, generatesSecrets, owner, ns, v.path("secret").path("secretName").asText(), Set.of());
                }
                if (v.has("persistentVolumeClaim")) {
                    String claim = v.path("persistentVolumeClaim").path("claimName").asText();
                    findings.require(render.find("PersistentVolumeClaim", claim, ns).isPresent(),
                            "%s mounts missing PersistentVolumeClaim %s", owner, claim);
                }
            }
            volumes.addAll(claims);
            for (JsonNode c : pod.containers()) {
                for (JsonNode mount : c.path("volumeMounts")) {
                    findings.require(volumes.contains(mount.path("name").asText()), "%s container %s mounts undefined volume %s",
                            owner, c.path("name").asText(), mount.path("name").asText());
                }
                for (JsonNode from : c.path("envFrom")) {
                    if (from.has("configMapRef")) {
                        configMap(findings, render, owner, ns, from.path("configMapRef").path("name").asText(), Set.of());
                    }
                    if (from.has("secretRef") && !from.path("secretRef").path("optional").asBoolean(false)) {
                        secret(findings, render, generatesSecrets, owner, ns, from.path("secretRef").path("name").asText(), Set.of());
                    }
                }
                for (JsonNode e : c.path("env")) {
                    JsonNode cm = e.path("valueFrom").path("configMapKeyRef");
                    if (!cm.isMissingNode() && !cm.path("optional").asBoolean(false)) {
                        configMap(findings, render, owner, ns, cm.path("name").asText(), Set.of(cm.path("key").asText()));
                    }
                    JsonNode secret = e.path("valueFrom").path("secretKeyRef");
                    if (!secret.isMissingNode() && !secret.path("optional").asBoolean(false)) {
                        secret(findings, render, generatesSecrets, owner, ns, secret.path("name").asText(),
                                Set.of(secret.path("key").asText()));
                    }
                }
            }
        }
        render.all("Kafka").forEach(k -> {
            JsonNode ref = k.spec().path("kafka").path("metricsConfig").path("valueFrom").path("configMapKeyRef");
            if (!ref.isMissingNode()) {
                configMap(findings, render, k.ref(), k.namespace(), ref.path("name").asText(), Set.of(ref.path("key").asText()));
            }
        });
        findings.assertNone();
    }

    private static Set<String> keys(JsonNode volumeSource) {
        Set<String> keys = new HashSet<>();
        volumeSource.path("items").forEach(i -> keys.add(i.path("key").asText()));
        return keys;
    }

    private static void configMap(Findings findings, Render render, String owner, String ns, String name, Set<String> keys) {
        Optional<K8sObject> cm = render.find("ConfigMap", name, ns);
        findings.require(cm.isPresent(), "%s uses missing ConfigMap %s", owner, name);
        cm.ifPresent(c -> keys.forEach(key -> findings.require(c.node().path("data").has(key)
                || c.node().path("binaryData").has(key), "%s uses key %s that ConfigMap %s does not have", owner, key, name)));
    }

    private static void secret(Findings findings, Render render, boolean generatesSecrets, String owner, String ns,
                               String name, Set<String> keys) {
        Optional<K8sObject> s = render.find("Secret", name, ns);
        if (s.isEmpty()) {
            findings.require(!generatesSecrets && EXTERNAL_SECRETS.contains(name),
                    generatesSecrets ? "%s uses Secret %s, which this render does not generate"
                            : "%s uses Secret %s, which is neither rendered nor one operators create (docs/operations.md)",
                    owner, name);
            return;
        }
        keys.forEach(key -> findings.require(s.get().node().path("data").has(key) || s.get().node().path("stringData").has(key),
                "%s uses key %s that Secret %s does not have", owner, key, name));
    }

    private static void istio(Render render) {
        Findings findings = new Findings("Istio references of " + render.dir);
        render.all("VirtualService").forEach(vs -> {
            for (JsonNode gateway : vs.spec().path("gateways")) {
                findings.require(gateway.asText().equals("mesh") || render.find("Gateway", gateway.asText(), vs.namespace()).isPresent(),
                        "VirtualService %s names missing Gateway %s", vs.name(), gateway.asText());
            }
            for (JsonNode host : vs.spec().path("hosts")) {
                if (vs.spec().path("gateways").isEmpty()) {
                    findings.require(render.serviceForHost(host.asText(), vs.namespace()).isPresent(),
                            "VirtualService %s is for host %s, which is no Service of this render", vs.name(), host.asText());
                } else {
                    boolean served = render.all("Gateway").anyMatch(g -> {
                        for (JsonNode server : g.spec().path("servers")) {
                            for (JsonNode h : server.path("hosts")) {
                                if (h.asText().equals(host.asText()) || h.asText().endsWith("/" + host.asText())) {
                                    return true;
                                }
                            }
                        }
                        return false;
                    });
                    findings.require(served, "VirtualService %s host %s is served by no Gateway", vs.name(), host.asText());
                }
            }
            for (JsonNode http : vs.spec().path("http")) {
                JsonNode routes = http.path("route");
                for (JsonNode route : routes) {
                    JsonNode destination = route.path("destination");
                    String host = destination.path("host").asText();
                    Optional<K8sObject> service = render.serviceForHost(host, vs.namespace());
                    findings.require(service.isPresent(), "VirtualService %s routes to %s, which is no Service", vs.name(), host);
                    if (service.isEmpty()) {
                        continue;
                    }
                    if (destination.has("port")) {
                        int number = destination.path("port").path("number").asInt();
                        boolean exists = false;
                        for (JsonNode p : service.get().spec().path("ports")) {
                            exists |= p.path("port").asInt() == number;
                        }
                        findings.require(exists, "VirtualService %s routes to port %d that Service %s does not have",
                                vs.name(), number, service.get().name());
                    }
                    if (destination.has("subset")) {
                        String subset = destination.path("subset").asText();
                        Optional<JsonNode> labels = subsetLabels(render, service.get(), subset);
                        findings.require(labels.isPresent(), "VirtualService %s routes to subset %s of %s that no DestinationRule defines",
                                vs.name(), subset, host);
                        boolean carriesTraffic = routes.size() == 1 || route.path("weight").asInt(0) > 0;
                        if (labels.isPresent() && carriesTraffic) {
                            boolean selects = render.podsMatching(service.get().spec().path("selector"), vs.namespace()).stream()
                                    .anyMatch(p -> Selectors.matches(labels.get(), p.labels()));
                            findings.require(selects, "VirtualService %s sends traffic to subset %s of %s, which selects no pod",
                                    vs.name(), subset, host);
                        }
                    }
                }
            }
        });
        render.all("DestinationRule").forEach(dr -> findings.require(
                render.serviceForHost(dr.spec().path("host").asText(), dr.namespace()).isPresent(),
                "DestinationRule %s is for host %s, which is no Service", dr.name(), dr.spec().path("host").asText()));
        Stream.of("AuthorizationPolicy", "RequestAuthentication", "PeerAuthentication").flatMap(render::all).forEach(p -> {
            JsonNode selector = p.spec().path("selector");
            if (!Selectors.isEmpty(selector)) {
                findings.require(!render.podsMatching(selector, p.namespace()).isEmpty(), "%s selects no pod", p.ref());
            }
        });
        render.all("AuthorizationPolicy").forEach(ap -> {
            for (JsonNode rule : ap.spec().path("rules")) {
                for (JsonNode from : rule.path("from")) {
                    for (JsonNode principal : from.path("source").path("principals")) {
                        String[] parts = principal.asText().split("/");
                        // cluster.local/ns/<namespace>/sa/<account>
                        findings.require(parts.length == 5 && parts[1].equals("ns") && parts[3].equals("sa"),
                                "%s: principal %s is not cluster.local/ns/<ns>/sa/<account>", ap.ref(), principal.asText());
                        if (parts.length == 5 && parts[2].equals(ap.namespace())) {
                            findings.require(render.find("ServiceAccount", parts[4], ap.namespace()).isPresent(),
                                    "%s allows ServiceAccount %s, which does not exist", ap.ref(), parts[4]);
                        }
                    }
                }
            }
        });
        render.all("RequestAuthentication").forEach(ra -> {
            for (JsonNode rule : ra.spec().path("jwtRules")) {
                URI jwks = URI.create(rule.path("jwksUri").asText());
                String host = jwks.getHost();
                findings.require(host != null && host.endsWith("." + ra.namespace() + ".svc.cluster.local"),
                        "%s: jwksUri %s does not name a Service of namespace %s", ra.ref(), jwks, ra.namespace());
                Optional<K8sObject> service = host == null ? Optional.empty() : render.serviceForHost(host, ra.namespace());
                findings.require(service.isPresent() && service.get().name().equals("auth"),
                        "%s: jwksUri %s is not served by the auth Service", ra.ref(), jwks);
                service.ifPresent(s -> {
                    boolean port = false;
                    for (JsonNode p : s.spec().path("ports")) {
                        port |= p.path("port").asInt() == jwks.getPort();
                    }
                    findings.require(port, "%s: jwksUri port %d is not a port of Service %s", ra.ref(), jwks.getPort(), s.name());
                });
                findings.require(jwks.getPath().equals("/.well-known/jwks.json"), "%s: jwksUri path is %s", ra.ref(), jwks.getPath());
            }
        });
        findings.assertNone();
    }

    private static Optional<JsonNode> subsetLabels(Render render, K8sObject service, String subset) {
        return render.all("DestinationRule")
                .filter(dr -> render.serviceForHost(dr.spec().path("host").asText(), dr.namespace())
                        .map(s -> s.name().equals(service.name())).orElse(false))
                .flatMap(dr -> {
                    List<JsonNode> out = new ArrayList<>();
                    dr.spec().path("subsets").forEach(s -> {
                        if (s.path("name").asText().equals(subset)) {
                            out.add(s.path("labels"));
                        }
                    });
                    return out.stream();
                })
                .findFirst();
    }

    private static void monitors(Render render) {
        Findings findings = new Findings("monitors of " + render.dir);
        render.all("ServiceMonitor").forEach(sm -> {
            List<K8sObject> services = render.all("Service").filter(s -> s.namespace().equals(sm.namespace())
                    && Selectors.matches(sm.spec().path("selector"), s.labels())).toList();
            findings.require(!services.isEmpty(), "ServiceMonitor %s selects no Service", sm.name());
            for (JsonNode endpoint : sm.spec().path("endpoints")) {
                String port = endpoint.path("port").asText();
                for (K8sObject s : services) {
                    boolean has = false;
                    for (JsonNode p : s.spec().path("ports")) {
                        has |= p.path("name").asText().equals(port);
                    }
                    findings.require(has, "ServiceMonitor %s scrapes port %s that Service %s does not name", sm.name(), port, s.name());
                }
            }
        });
        render.all("PodMonitor").forEach(pm -> {
            JsonNode selector = pm.spec().path("selector");
            if (render.selectsStrimziPods(selector, pm.namespace())) {
                return;
            }
            List<Render.Pod> pods = render.podsMatching(selector, pm.namespace());
            findings.require(!pods.isEmpty(), "PodMonitor %s selects no pod", pm.name());
            for (JsonNode endpoint : pm.spec().path("podMetricsEndpoints")) {
                JsonNode port = endpoint.path("port");
                pods.forEach(p -> findings.require(p.hasPort(port), "PodMonitor %s scrapes port %s that %s does not name",
                        pm.name(), port.asText(), p.owner().ref()));
            }
        });
        findings.assertNone();
    }

    private static void ingresses(Render render) {
        Findings findings = new Findings("Ingresses of " + render.dir);
        boolean generatesSecrets = render.hasKind("Secret");
        render.all("Ingress").forEach(ing -> {
            for (JsonNode rule : ing.spec().path("rules")) {
                for (JsonNode path : rule.path("http").path("paths")) {
                    JsonNode backend = path.path("backend").path("service");
                    Optional<K8sObject> service = render.find("Service", backend.path("name").asText(), ing.namespace());
                    findings.require(service.isPresent(), "Ingress %s routes to missing Service %s", ing.name(), backend.path("name").asText());
                    service.ifPresent(s -> {
                        boolean has = false;
                        for (JsonNode p : s.spec().path("ports")) {
                            has |= backend.path("port").has("name") ? p.path("name").asText().equals(backend.path("port").path("name").asText())
                                    : p.path("port").asInt() == backend.path("port").path("number").asInt();
                        }
                        findings.require(has, "Ingress %s routes to a port Service %s does not have", ing.name(), s.name());
                    });
                }
            }
            for (JsonNode tls : ing.spec().path("tls")) {
                secret(findings, render, generatesSecrets, ing.ref(), ing.namespace(), tls.path("secretName").asText(), Set.of());
            }
        });
        findings.assertNone();
    }
}
