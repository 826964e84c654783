package io.inferline.bench;

import io.inferline.testkit.OpenAiCompatibleServer;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * {@code bench/run.sh}: runs every workload against Inferline and its peers, alternating the systems run by run, and
 * writes the table to docs/performance-results.md. Arguments: {@code --quick}, {@code --smoke} (one short run of each,
 * only to check the harness works) or none (the full run), then {@code --repo DIR} and {@code --out FILE}, and
 * optionally {@code --only submit,e2e,sync,poll,webhooks,embeddings} to run only those workloads.
 * The workloads and what limits them are described in docs/performance.md.
 */
public final class BenchRunner {

    static final String SUBMIT = "1. async submit `POST /v1/jobs`, 64 conns";
    static final String END_TO_END = "2. async end to end (submit N, wait all final)";
    static final String SYNC = "3. sync `/v1/chat/completions`, 64 conns";
    static final String POLL = "4. poll `GET /v1/jobs/{id}`, 50 conns";
    static final String WEBHOOKS = "5a. webhook deliveries (submit N, until N received)";
    static final String EMBEDDINGS = "5b. MiniLM `/v1/embeddings`, 64 conns";
    static final String INFERLINE = "Inferline";
    static final String CELERY = "Celery 5.2 + RabbitMQ 3.10";
    static final String CELERY_ONE_PROCESS = "Celery, 1 process × 64 threads (GIL-bound)";
    static final String DIRECT = "upstream called directly (the limit)";
    static final String PORTKEY = "Portkey gateway (node)";
    static final String SCG = "bare Spring Cloud Gateway route";
    static final String BATCHED = "Inferline, micro-batches ≤ 32 (default: one model call per input)";
    static final String PADDED = "Inferline, padded batches ≤ 32 (one model call per batch)";
    static final String UNBATCHED = "Inferline, unbatched (`max-batch-size` 1)";

    /**
     * How long and how often each system runs. A system's first run of a workload warms up longer
     * ({@code firstWarmUp}): a JVM's compilers are still busy with a fresh code path for many seconds, and that
     * cost belongs to no steady-state figure.
     */
    record Plan(String name, int runs, Duration firstWarmUp, Duration warmUp, Duration measured, int endToEndJobs) {
        static Plan of(String mode) {
            return switch (mode) {
                case "--smoke" -> new Plan("smoke", 1, Duration.ofSeconds(1), Duration.ofSeconds(1),
                        Duration.ofSeconds(2), 100);
                case "--quick" -> new Plan("quick", 3, Duration.ofSeconds(15), Duration.ofSeconds(3),
                        Duration.ofSeconds(8), 2000);
                default -> new Plan("full", 5, Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(30),
                        20000);
            };
        }

        Duration warmUp(int run) {
            return run == 0 ? firstWarmUp : warmUp;
        }

        ClosedLoop loop(int connections, int run) {
            return new ClosedLoop(connections, warmUp(run), measured);
        }
    }

    private static final String CHAT_BODY =
            "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":16}";
    private static final String EMBEDDING_BODY =
            "{\"model\":\"minilm\",\"input\":\"The quick brown fox number %d jumps over the lazy dog.\"}";
    private static final String MINILM = "inferline.backends.minilm.";

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.of(args.length > 0 ? args[0] : "");
        Path repo = Path.of(argument(args, "--repo", ".")).toAbsolutePath().normalize();
        Path out = Path.of(argument(args, "--out", repo.resolve("docs/performance-results.md").toString()));
        Path workDir = Files.createDirectories(repo.resolve("bench/target/run"));
        Set<String> only = Set.of(argument(args, "--only", "submit,e2e,sync,poll,webhooks,embeddings").split(","));
        int cores = Runtime.getRuntime().availableProcessors();
        int celeryThreads = Math.max(1, 64 / cores);
        String celeryAtItsBest = "%s, %d processes × %d threads".formatted(CELERY, cores, celeryThreads);
        String celeryConfirmed = "Celery, publisher confirms, %d processes × %d threads"
                .formatted(cores, celeryThreads);
        String startLoad = loadAverage();
        Instant started = Instant.now();
        var table = new ResultsTable();
        var notes = new ArrayList<String>();

        log("starting the platform (log: " + workDir.resolve("platform.log") + ")");
        try (var upstream = OpenAiCompatibleServer.start().answer("Hi");
             var platform = Platform.start(repo, workDir, "platform", Map.of())) {
            var cpu = new ProcessTreeCpu(platform.pid());
            String auth = "Bearer " + platform.apiKey();
            registerUpstreamModel(platform, upstream);
            var celery = new CeleryPeer(repo.resolve("bench/peers/celery"), workDir, platform.celeryBroker(),
                    platform.spareRedis(), 64);

            // 1. submit: acceptance only on both sides (no worker consumes bench-parked's pool or Celery's queue)
            for (int run = 0; only.contains("submit") && run < plan.runs(); run++) {
                log("submit run " + (run + 1) + ": Inferline");
                table.add(SUBMIT, INFERLINE, "jobs/s", plan.loop(64, run).run(n -> HttpRequest.newBuilder(
                                URI.create(platform.url() + "/v1/jobs")).header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"bench-parked\",\"input\":{\"prompt\":\"Hello\"}}")).build(),
                        202, cpu), celeryAtItsBest);
                log("submit run " + (run + 1) + ": Celery, " + cores + " processes");
                table.add(SUBMIT, celeryAtItsBest, "tasks/s", celery.submit(cores, celeryThreads,
                        seconds(plan.warmUp(run)), seconds(plan.measured()), false), null);
                log("submit run " + (run + 1) + ": Celery with publisher confirms, " + cores + " processes");
                table.add(SUBMIT, celeryConfirmed, "tasks/s", celery.submit(cores, celeryThreads,
                        seconds(plan.warmUp(run)), seconds(plan.measured()), true), null);
                log("submit run " + (run + 1) + ": Celery, one process");
                table.add(SUBMIT, CELERY_ONE_PROCESS, "tasks/s", celery.submit(1, 64, seconds(plan.warmUp(run)),
                        seconds(plan.measured()), false), null);
            }
            celery.purge();

            // 2. end to end: the simulator answers at once; Celery's worker runs one process per core
            var finished = new ArrayList<String>();
            var endToEnd = new JobsEndToEnd(platform.url(), platform.apiKey());
            Process worker = celery.startWorker(cores);
            try {
                Thread.sleep(3000); // the worker's processes start
                for (int run = 0; only.contains("e2e") && run < plan.runs(); run++) {
                    log("end-to-end run " + (run + 1) + ": Inferline, " + plan.endToEndJobs() + " jobs");
                    table.add(END_TO_END, INFERLINE, "jobs/s",
                            endToEnd.run(64, plan.endToEndJobs(), "sim-chat", finished), CELERY);
                    log("end-to-end run " + (run + 1) + ": Celery, " + plan.endToEndJobs() + " tasks");
                    table.add(END_TO_END, CELERY, "tasks/s", celery.endToEnd(64, plan.endToEndJobs()), null);
                }
            } finally {
                worker.destroy();
                worker.waitFor(30, TimeUnit.SECONDS);
            }

            // 3. sync gateway: Inferline, the upstream itself, and Portkey and Spring Cloud Gateway in front of it
            try (var portkey = Portkey.startIfInstalled(repo.resolve("bench/peers/portkey"), workDir);
                 var gateway = SpringCloudGateway.startIfBuilt(repo.resolve("bench/peers/spring-cloud-gateway"),
                         upstream.baseUrl(), workDir)) {
                if (portkey == null) {
                    notes.add("Portkey was not measured: run `npm ci` in bench/peers/portkey (bench/run.sh does).");
                }
                if (gateway == null) {
                    notes.add("The bare Spring Cloud Gateway route was not measured: its build failed or was not run "
                            + "(bench/run.sh runs `./mvnw -f bench/peers/spring-cloud-gateway/pom.xml package`).");
                }
                for (int run = 0; only.contains("sync") && run < plan.runs(); run++) {
                    ClosedLoop loop = plan.loop(64, run);
                    upstream.reset();
                    log("sync run " + (run + 1) + ": Inferline");
                    table.add(SYNC, INFERLINE, "req/s", loop.run(n -> chat(platform.url() + "/v1/chat/completions",
                            "bench-echo").header("Authorization", auth).build(), 200, cpu), PORTKEY);
                    upstream.reset();
                    log("sync run " + (run + 1) + ": direct");
                    // the upstream runs in this JVM: its CPU is this process's, the load driver's included
                    table.add(SYNC, DIRECT, "req/s", loop.run(n -> chat(upstream.v1Url() + "/chat/completions",
                            "echo").build(), 200, null), null);
                    if (portkey != null) {
                        upstream.reset();
                        log("sync run " + (run + 1) + ": Portkey");
                        table.add(SYNC, PORTKEY, "req/s", loop.run(n -> chat(portkey.url() + "/v1/chat/completions",
                                        "echo").header("Authorization", "Bearer unused")
                                .header("x-portkey-provider", "openai")
                                .header("x-portkey-custom-host", upstream.v1Url()).build(), 200,
                                new ProcessTreeCpu(portkey.pid())), null);
                    }
                    if (gateway != null) {
                        upstream.reset();
                        log("sync run " + (run + 1) + ": Spring Cloud Gateway");
                        table.add(SYNC, SCG, "req/s", loop.run(n -> chat(gateway.url() + "/v1/chat/completions",
                                "echo").build(), 200, new ProcessTreeCpu(gateway.pid())), null);
                    }
                }
            }
            upstream.reset();
            table.compareCpu(SYNC, INFERLINE, SCG);
            table.compareCpu(SYNC, INFERLINE, PORTKEY);

            // 4. poll: jobs that are final, read from the cache
            if (only.contains("poll") && !finished.isEmpty()) {
                List<String> ids = finished.subList(0, Math.min(1000, finished.size()));
                for (int run = 0; run < plan.runs(); run++) {
                    log("poll run " + (run + 1) + ": Inferline");
                    table.add(POLL, INFERLINE, "req/s", plan.loop(50, run).run(n -> HttpRequest.newBuilder(
                                    URI.create(platform.url() + "/v1/jobs/" + ids.get(n % ids.size())))
                            .header("Authorization", auth).GET().build(), 200, cpu), null);
                }
            }

            // 5a. webhooks: one delivery (job.completed) per job to the receiver in this JVM
            try (var webhooks = new WebhookDeliveryRate()) {
                for (int run = 0; only.contains("webhooks") && run < plan.runs(); run++) {
                    log("webhook run " + (run + 1) + ": Inferline, " + plan.endToEndJobs() + " jobs");
                    table.add(WEBHOOKS, INFERLINE, "deliveries/s", webhooks.run(endToEnd, 64, plan.endToEndJobs(),
                            "sim-chat", Duration.ofSeconds(60).plusMillis(50L * plan.endToEndJobs()), cpu), null);
                }
            }
            notes.add("Workload 5a has no peer (issue 11 asks for none).");

            // 5b. MiniLM as configured by default; the other batching settings need platforms of their own, below
            if (only.contains("embeddings")) {
                embeddings(plan, platform, cpu, table, BATCHED);
            }
        }
        if (only.contains("embeddings")) {
            embeddingsOnPlatformWith(repo, workDir, plan, table, PADDED, Map.of(MINILM + "padded-batches", "true"));
            embeddingsOnPlatformWith(repo, workDir, plan, table, UNBATCHED, Map.of(MINILM + "max-batch-size", "1"));
        }
        String report = report(plan, cores, startLoad, loadAverage(), started, table, notes);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        log("written to " + out);
    }

    private static void embeddings(Plan plan, Platform platform, ProcessTreeCpu cpu, ResultsTable table,
                                   String system) throws IOException, InterruptedException {
        IntFunction<HttpRequest> embedding = n -> HttpRequest.newBuilder(URI.create(platform.url() + "/v1/embeddings"))
                .header("Authorization", "Bearer " + platform.apiKey()).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(EMBEDDING_BODY.formatted(n))).build();
        // the model loads on its first call (seconds on a busy machine): not in any run's warm-up
        awaitOk(embedding, "the api does not serve minilm's embeddings");
        for (int run = 0; run < plan.runs(); run++) {
            log("embeddings run " + (run + 1) + ": " + system);
            table.add(EMBEDDINGS, system, "embeddings/s", plan.loop(64, run).run(embedding, 200, cpu),
                    system.equals(UNBATCHED) ? null : UNBATCHED);
        }
    }

    /** Workload 5b on a platform of its own, started with {@code minilmSettings} and stopped after. */
    private static void embeddingsOnPlatformWith(Path repo, Path workDir, Plan plan, ResultsTable table, String system,
                                                 Map<String, String> minilmSettings) throws Exception {
        String name = "platform-" + minilmSettings.keySet().iterator().next().substring(MINILM.length());
        log("starting a platform with " + minilmSettings + " (log: " + workDir.resolve(name + ".log") + ")");
        try (var platform = Platform.start(repo, workDir, name, minilmSettings)) {
            embeddings(plan, platform, new ProcessTreeCpu(platform.pid()), table, system);
        }
    }

    private static HttpRequest.Builder chat(String url, String model) {
        return HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(CHAT_BODY.formatted(model)));
    }

    /** The model {@code bench-echo}: the fast OpenAI-compatible server, registered through model-mgmt's admin API. */
    private static void registerUpstreamModel(Platform platform, OpenAiCompatibleServer upstream)
            throws IOException, InterruptedException {
        String body = """
                {"task":"chat","versions":[{"version":"1","backend_kind":"openai-compatible","endpoint":"%s",
                 "upstream_model":"echo","pool":"sim","status":"active"}]}""".formatted(upstream.baseUrl());
        try (HttpClient client = HttpClient.newHttpClient()) {
            var response = client.send(HttpRequest.newBuilder(URI.create(platform.url() + "/v1/admin/models/bench-echo"))
                    .header("Authorization", "Bearer " + platform.apiKey())
                    .header("Content-Type", "application/json").PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() / 100 != 2) {
                throw new IllegalStateException("registering bench-echo: " + response.statusCode() + " "
                        + response.body());
            }
        }
        // the api learns registry changes from Kafka: wait until it serves the model
        awaitOk(n -> chat(platform.url() + "/v1/chat/completions", "bench-echo")
                .header("Authorization", "Bearer " + platform.apiKey()).build(), "the api does not serve bench-echo");
    }

    /** Sends {@code request} until it is answered {@code 200}, for at most a minute. */
    private static void awaitOk(IntFunction<HttpRequest> request, String failure) throws IOException,
            InterruptedException {
        String last = "no answer";
        try (HttpClient client = HttpClient.newHttpClient()) {
            long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            for (int n = 0; System.nanoTime() < deadline; n++) {
                var response = client.send(request.apply(n), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
                last = response.statusCode() + " " + response.body();
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException(failure + ": " + last);
    }

    static String report(Plan plan, int cores, String loadBefore, String loadAfter, Instant started,
                         ResultsTable table, List<String> notes) {
        var text = new StringBuilder("# Performance results\n\n");
        text.append("Written by `bench/run.sh").append(plan.name().equals("full") ? "" : " --" + plan.name())
                .append("` (").append(plan.name()).append(" plan: ").append(plan.runs()).append(" run(s) per system, ")
                .append(plan.warmUp().toSeconds()).append(" s warm-up (")
                .append(plan.firstWarmUp().toSeconds()).append(" s before a system's first run of a workload), ")
                .append(plan.measured().toSeconds()).append(" s measured, ").append(plan.endToEndJobs()).append(" jobs end to end), started ")
                .append(started).append(".\n\n");
        text.append("Machine: ").append(cores).append(" cores (").append(cpuModel()).append("), ")
                .append(System.getProperty("os.name")).append(' ').append(System.getProperty("os.version"))
                .append(", JDK ").append(Runtime.version()).append(". Load average (1, 5, 15 min) before: ")
                .append(loadBefore).append("; after: ").append(loadAfter).append(".\n\n");
        text.append("What each column means, what the systems run and what limits each figure: "
                + "[performance.md](performance.md).\n\n");
        text.append(table.markdown());
        for (String note : notes) {
            text.append("\n").append(note).append('\n');
        }
        return text.toString();
    }

    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return fields[0] + ", " + fields[1] + ", " + fields[2];
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static String cpuModel() {
        try (var lines = Files.lines(Path.of("/proc/cpuinfo"))) {
            return lines.filter(line -> line.startsWith("model name")).findFirst()
                    .map(line -> line.substring(line.indexOf(':') + 1).strip()).orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    private static double seconds(Duration duration) {
        return duration.toMillis() / 1000.0;
    }

    private static String argument(String[] args, String name, String fallback) {
        for (int i = 0; i < args.length - 1; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }

    private static void log(String message) {
        System.out.printf(Locale.ROOT, "[bench %tT] %s%n", System.currentTimeMillis(), message);
    }
}
