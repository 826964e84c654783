package io.inferline.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The platform as the design asks for it: services reach PostgreSQL through PgBouncer (transaction pooling, 2,000
 * clients, a read/write split) and migrate straight against the primary, which has a streaming replica; Redis is a
 * 3+3 cluster with 2 GB LRU; GPU pools are pinned to GPU nodes with their model volume.
 */
class PlatformTest {

    @TestFactory
    Stream<DynamicContainer> platform() {
        return Manifests.completeRenders().stream().map(dir -> DynamicContainer.dynamicContainer(dir.toString(), Stream.of(
                DynamicTest.dynamicTest("PgBouncer pools transactions with a read/write split", () -> pgBouncer(Render.of(dir))),
                DynamicTest.dynamicTest("database URLs go through PgBouncer, migrations to the primary", () -> databaseUrls(Render.of(dir))),
                DynamicTest.dynamicTest("PostgreSQL has a primary and a streaming replica", () -> postgres(Render.of(dir))),
                DynamicTest.dynamicTest("Redis is a 3+3 cluster with 2 GB LRU", () -> redis(Render.of(dir))),
                DynamicTest.dynamicTest("GPU pools are pinned to GPU nodes with a model volume", () -> gpuPools(Render.of(dir))))));
    }

    /** pgbouncer.ini: [databases] name -> host, and [pgbouncer] settings. */
    record PgBouncerIni(String namespace, Map<String, String> databases, Map<String, String> settings) {
        static PgBouncerIni parse(String namespace, String ini) {
            Map<String, String> databases = new LinkedHashMap<>();
            Map<String, String> settings = new LinkedHashMap<>();
            String section = "";
            for (String raw : ini.split("\n")) {
                String line = raw.strip();
                if (line.isEmpty() || line.startsWith(";") || line.startsWith("#")) {
                    continue;
                }
                if (line.startsWith("[")) {
                    section = line;
                    continue;
                }
                int eq = line.indexOf('=');
                if (eq < 0) {
                    continue;
                }
                String key = line.substring(0, eq).strip();
                String value = line.substring(eq + 1).strip();
                if (section.equals("[databases]")) {
                    Matcher host = Pattern.compile("host=(\\S+)").matcher(value);
                    databases.put(key, host.find() ? host.group(1) : "");
                } else if (section.equals("[pgbouncer]")) {
                    settings.put(key, value);
                }
            }
            return new PgBouncerIni(namespace, databases, settings);
        }
    }

    private static Optional<PgBouncerIni> pgBouncerIni(Render render) {
        return render.all("ConfigMap").filter(c -> c.node().path("data").has("pgbouncer.ini")).findFirst()
                .map(c -> PgBouncerIni.parse(c.namespace(), c.node().path("data").path("pgbouncer.ini").asText()));
    }

    private static void pgBouncer(Render render) {
        Findings findings = new Findings("PgBouncer of " + render.dir);
        Optional<PgBouncerIni> ini = pgBouncerIni(render);
        findings.require(ini.isPresent(), "no ConfigMap holds a pgbouncer.ini");
        ini.ifPresent(i -> {
            findings.require("transaction".equals(i.settings().get("pool_mode")), "pool_mode is %s, not transaction",
                    i.settings().get("pool_mode"));
            findings.require("2000".equals(i.settings().get("max_client_conn")), "max_client_conn is %s, not 2000",
                    i.settings().get("max_client_conn"));
            findings.require(i.databases().containsValue("postgres-primary") && i.databases().containsValue("postgres-replica"),
                    "PgBouncer's databases %s do not split reads (postgres-replica) from writes (postgres-primary)", i.databases());
            i.databases().forEach((db, host) -> findings.require(render.serviceForHost(host, i.namespace()).isPresent(),
                    "PgBouncer database %s points at %s, which is no Service", db, host));
        });
        findings.assertNone();
    }

    private static void databaseUrls(Render render) {
        Findings findings = new Findings("database URLs of " + render.dir);
        Optional<PgBouncerIni> ini = pgBouncerIni(render);
        for (Render.Pod pod : render.pods()) {
            for (JsonNode c : pod.containers()) {
                Map<String, String> env = render.environment(c, pod.namespace());
                String url = env.get("INFERLINE_DB_URL");
                String migrations = env.get("INFERLINE_DB_MIGRATION_URL");
                String who = pod.owner().ref();
                if (url != null) {
                    findings.require(url.contains("prepareThreshold=0"), "%s: INFERLINE_DB_URL %s lacks prepareThreshold=0", who, url);
                    Optional<List<Render.Pod>> target = target(findings, render, who, url, pod.namespace());
                    target.ifPresent(pods -> findings.require(pods.stream().allMatch(p -> image(p).contains("pgbouncer")),
                            "%s: INFERLINE_DB_URL %s does not reach PgBouncer", who, url));
                    String database = URI.create(url.substring("jdbc:".length())).getPath().substring(1);
                    ini.ifPresent(i -> findings.require(i.databases().containsKey(database),
                            "%s: INFERLINE_DB_URL names database %s that PgBouncer does not define", who, database));
                }
                if (migrations != null) {
                    Optional<List<Render.Pod>> target = target(findings, render, who, migrations, pod.namespace());
                    target.ifPresent(pods -> findings.require(pods.stream().allMatch(p -> image(p).startsWith("postgres:")
                                    && "primary".equals(p.labels().get("inferline.io/role"))),
                            "%s: INFERLINE_DB_MIGRATION_URL %s does not reach the PostgreSQL primary directly", who, migrations));
                }
            }
        }
        findings.assertNone();
    }

    private static Optional<List<Render.Pod>> target(Findings findings, Render render, String who, String jdbcUrl, String ns) {
        URI uri = URI.create(jdbcUrl.substring("jdbc:".length()));
        Optional<K8sObject> service = render.serviceForHost(uri.getHost(), ns);
        findings.require(service.isPresent(), "%s: %s names host %s, which is no Service", who, jdbcUrl, uri.getHost());
        if (service.isEmpty()) {
            return Optional.empty();
        }
        boolean port = false;
        for (JsonNode p : service.get().spec().path("ports")) {
            port |= p.path("port").asInt() == uri.getPort();
        }
        findings.require(port, "%s: %s uses port %d that Service %s does not have", who, jdbcUrl, uri.getPort(), service.get().name());
        return Optional.of(render.podsMatching(service.get().spec().path("selector"), ns));
    }

    private static String image(Render.Pod pod) {
        return pod.spec().path("containers").get(0).path("image").asText();
    }

    private static void postgres(Render render) {
        Findings findings = new Findings("PostgreSQL of " + render.dir);
        List<K8sObject> sets = render.all("StatefulSet").filter(s -> K8sObject.podLabels(s.podTemplate().orElseThrow())
                .getOrDefault("app.kubernetes.io/name", "").equals("postgres")).toList();
        findings.require(sets.stream().anyMatch(s -> "primary".equals(s.labels().get("inferline.io/role"))
                && s.spec().path("replicas").asInt() == 1), "no PostgreSQL primary StatefulSet of one pod");
        findings.require(sets.stream().anyMatch(s -> s.spec().path("replicas").asInt() >= 1 && scriptClones(render, s)),
                "no PostgreSQL replica StatefulSet that clones the primary (pg_basebackup -R)");
        findings.assertNone();
    }

    private static boolean scriptClones(Render render, K8sObject statefulSet) {
        if (!"replica".equals(statefulSet.labels().get("inferline.io/role"))) {
            return false;
        }
        for (JsonNode v : statefulSet.spec().path("template").path("spec").path("volumes")) {
            String cm = v.path("configMap").path("name").asText(null);
            if (cm != null && render.find("ConfigMap", cm, statefulSet.namespace())
                    .map(c -> c.node().path("data").toString().contains("pg_basebackup") && c.node().path("data").toString().contains("-R"))
                    .orElse(false)) {
                return true;
            }
        }
        return false;
    }

    private static void redis(Render render) {
        Findings findings = new Findings("Redis of " + render.dir);
        Optional<K8sObject> set = render.find("StatefulSet", "redis-cluster", "inferline");
        findings.require(set.isPresent(), "no StatefulSet redis-cluster");
        set.ifPresent(s -> findings.require(s.spec().path("replicas").asInt() == 6, "redis-cluster has %d nodes, not 3 masters + 3 replicas",
                s.spec().path("replicas").asInt()));
        Optional<String> conf = render.all("ConfigMap").filter(c -> c.node().path("data").has("redis.conf")).findFirst()
                .map(c -> c.node().path("data").path("redis.conf").asText());
        findings.require(conf.isPresent(), "no ConfigMap holds a redis.conf");
        conf.ifPresent(c -> {
            findings.require(c.contains("\nmaxmemory 2gb\n"), "redis.conf does not set maxmemory 2gb");
            findings.require(c.contains("\nmaxmemory-policy allkeys-lru\n"), "redis.conf does not set maxmemory-policy allkeys-lru");
            findings.require(c.contains("\ncluster-enabled yes\n"), "redis.conf does not enable cluster mode");
        });
        boolean init = render.all("ConfigMap").anyMatch(c -> c.node().path("data").path("cluster-init.sh").asText()
                .contains("--cluster-replicas 1")) && render.all("Job").anyMatch(j -> j.name().equals("redis-cluster-init"));
        findings.require(init, "no cluster-init Job forming the cluster with --cluster-replicas 1");
        findings.assertNone();
    }

    private static void gpuPools(Render render) {
        Findings findings = new Findings("GPU pools of " + render.dir);
        render.all("Deployment").forEach(d -> {
            JsonNode spec = d.podTemplate().orElseThrow().path("spec");
            boolean gpu = K8sObject.allContainers(spec).stream()
                    .anyMatch(c -> c.path("resources").path("limits").has("nvidia.com/gpu"));
            if (!gpu) {
                return;
            }
            findings.require(!spec.path("nodeSelector").isEmpty(), "%s requests GPUs without a nodeSelector", d.ref());
            boolean tolerates = false;
            for (JsonNode t : spec.path("tolerations")) {
                tolerates |= t.path("key").asText().equals("nvidia.com/gpu");
            }
            findings.require(tolerates, "%s requests GPUs but does not tolerate the nvidia.com/gpu taint", d.ref());
            boolean modelVolume = false;
            for (JsonNode v : spec.path("volumes")) {
                modelVolume |= v.has("persistentVolumeClaim") && v.path("persistentVolumeClaim").path("readOnly").asBoolean(false);
            }
            findings.require(modelVolume, "%s has no read-only model volume", d.ref());
        });
        findings.assertNone();
    }
}
