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
import java.util.concurrent.TimeUnit;

/**
 * {@code bench/run.sh}: runs every workload against Inferline and its peers, alternating the systems run by run, and
 * writes the table to docs/performance-results.md. Arguments: {@code --quick}, {@code --smoke} (one short run of each,
 * only to check the harness works) or none (the full run), then {@code --repo DIR}, {@code --out FILE} and
 * optionally {@code --only WORKLOAD} ({@code submit}, {@code end-to-end}, {@code sync} or {@code poll}, which also runs
 * end to end for its finished jobs) to profile one workload alone.
 * The workloads and what limits them are described in docs/performance.md.
 */
public final class BenchRunner {

    static final String SUBMIT = "1. async submit `POST /v1/jobs`, 64 conns";
    static final String END_TO_END = "2. async end to end (submit N, wait all final)";
    static final String SYNC = "3. sync `/v1/chat/completions`, 64 conns";
    static final String POLL = "4. poll `GET /v1/jobs/{id}`, 50 conns";
    static final String INFERLINE = "Inferline";
    static final String CELERY = "Celery 5.2 + RabbitMQ 3.10";
    static final String CELERY_CONFIRMED = "Celery, publisher confirms";
    static final String DIRECT = "upstream called directly (the limit)";
    static final String PORTKEY = "Portkey gateway (node)";

    record Plan(String name, int runs, Duration warmUp, Duration measured, int endToEndJobs) {
        static Plan of(String mode) {
            return switch (mode) {
                case "--smoke" -> new Plan("smoke", 1, Duration.ofSeconds(1), Duration.ofSeconds(2), 100);
                case "--quick" -> new Plan("quick", 3, Duration.ofSeconds(3), Duration.ofSeconds(8), 2000);
                default -> new Plan("full", 5, Duration.ofSeconds(10), Duration.ofSeconds(30), 20000);
            };
        }
    }

    private static final String CHAT_BODY =
            "{\"model\":\"%s\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}],\"max_tokens\":16}";

    public static void main(String[] args) throws Exception {
        Plan plan = Plan.of(args.length > 0 ? args[0] : "");
        Path repo = Path.of(argument(args, "--repo", ".")).toAbsolutePath().normalize();
        Path out = Path.of(argument(args, "--out", repo.resolve("docs/performance-results.md").toString()));
        Path workDir = Files.createDirectories(repo.resolve("bench/target/run"));
        String only = argument(args, "--only", null);
        if (only != null && !List.of("submit", "end-to-end", "sync", "poll").contains(only)) {
            throw new IllegalArgumentException("--only takes submit, end-to-end, sync or poll, not " + only);
        }
        boolean submit = only == null || only.equals("submit");
        boolean endToEnd = only == null || only.equals("end-to-end") || only.equals("poll");
        boolean sync = only == null || only.equals("sync");
        boolean poll = only == null || only.equals("poll");
        int cores = Runtime.getRuntime().availableProcessors();
        String startLoad = loadAverage();
        Instant started = Instant.now();
        var table = new ResultsTable();
        var notes = new ArrayList<String>();

        log("starting the platform (log: " + workDir.resolve("platform.log") + ")");
        try (var upstream = OpenAiCompatibleServer.start().answer("Hi");
             var platform = Platform.start(repo, workDir)) {
            var cpu = new ProcessTreeCpu(platform.pid());
            String auth = "Bearer " + platform.apiKey();
            registerUpstreamModel(platform, upstream);
            var celery = new CeleryPeer(repo.resolve("bench/peers/celery"), workDir, platform.celeryBroker(),
                    platform.spareRedis(), 64);

            // 1. submit: acceptance only on both sides (no worker consumes bench-parked's pool or Celery's queue)
            var submitLoop = new ClosedLoop(64, plan.warmUp(), plan.measured());
            for (int run = 0; submit && run < plan.runs(); run++) {
                log("submit run " + (run + 1) + ": Inferline");
                table.add(SUBMIT, INFERLINE, "jobs/s", submitLoop.run(n -> HttpRequest.newBuilder(
                                URI.create(platform.url() + "/v1/jobs")).header("Authorization", auth)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(
                                "{\"model\":\"bench-parked\",\"input\":{\"prompt\":\"Hello\"}}")).build(),
                        202, cpu), CELERY);
                log("submit run " + (run + 1) + ": Celery");
                table.add(SUBMIT, CELERY, "tasks/s", celery.submit(64, seconds(plan.warmUp()),
                        seconds(plan.measured()), false), null);
                log("submit run " + (run + 1) + ": Celery with publisher confirms");
                table.add(SUBMIT, CELERY_CONFIRMED, "tasks/s", celery.submit(64, seconds(plan.warmUp()),
                        seconds(plan.measured()), true), null);
            }
            celery.purge();

            // 2. end to end: the simulator answers at once; Celery's worker runs one process per core
            var finished = new ArrayList<String>();
            var jobsEndToEnd = new JobsEndToEnd(platform.url(), platform.apiKey());
            Process worker = endToEnd ? celery.startWorker(cores) : null;
            try {
                Thread.sleep(endToEnd ? 3000 : 0); // the worker's processes start
                for (int run = 0; endToEnd && run < plan.runs(); run++) {
                    log("end-to-end run " + (run + 1) + ": Inferline, " + plan.endToEndJobs() + " jobs");
                    table.add(END_TO_END, INFERLINE, "jobs/s",
                            jobsEndToEnd.run(64, plan.endToEndJobs(), "sim-chat", finished), CELERY);
                    log("end-to-end run " + (run + 1) + ": Celery, " + plan.endToEndJobs() + " tasks");
                    table.add(END_TO_END, CELERY, "tasks/s", celery.endToEnd(64, plan.endToEndJobs()), null);
                }
            } finally {
                if (worker != null) {
                    worker.destroy();
                    worker.waitFor(30, TimeUnit.SECONDS);
                }
            }

            // 3. sync gateway: Inferline, the upstream itself and Portkey in front of the same upstream
            var syncLoop = new ClosedLoop(64, plan.warmUp(), plan.measured());
            var selfCpu = new ProcessTreeCpu(ProcessHandle.current().pid());
            try (var portkey = sync ? Portkey.startIfInstalled(repo.resolve("bench/peers/portkey"), workDir) : null) {
                if (sync && portkey == null) {
                    notes.add("Portkey was not measured: run `npm ci` in bench/peers/portkey (bench/run.sh does).");
                }
                for (int run = 0; sync && run < plan.runs(); run++) {
                    upstream.reset();
                    log("sync run " + (run + 1) + ": Inferline");
                    table.add(SYNC, INFERLINE, "req/s", syncLoop.run(n -> chat(platform.url() + "/v1/chat/completions",
                            "bench-echo").header("Authorization", auth).build(), 200, cpu), PORTKEY);
                    upstream.reset();
                    log("sync run " + (run + 1) + ": direct");
                    // the upstream runs in this JVM: its CPU is this process's, the load driver's included
                    table.add(SYNC, DIRECT, "req/s", syncLoop.run(n -> chat(upstream.v1Url() + "/chat/completions",
                            "echo").build(), 200, null), null);
                    if (portkey != null) {
                        upstream.reset();
                        log("sync run " + (run + 1) + ": Portkey");
                        table.add(SYNC, PORTKEY, "req/s", syncLoop.run(n -> chat(portkey.url() + "/v1/chat/completions",
                                        "echo").header("Authorization", "Bearer unused")
                                .header("x-portkey-provider", "openai")
                                .header("x-portkey-custom-host", upstream.v1Url()).build(), 200,
                                new ProcessTreeCpu(portkey.pid())), null);
                    }
                }
            }
            upstream.reset();

            // 4. poll: jobs that are final, read from the cache
            if (poll && !finished.isEmpty()) {
                var pollLoop = new ClosedLoop(50, plan.warmUp(), plan.measured());
                List<String> ids = finished.subList(0, Math.min(1000, finished.size()));
                for (int run = 0; run < plan.runs(); run++) {
                    log("poll run " + (run + 1) + ": Inferline");
                    table.add(POLL, INFERLINE, "req/s", pollLoop.run(n -> HttpRequest.newBuilder(
                                    URI.create(platform.url() + "/v1/jobs/" + ids.get(n % ids.size())))
                            .header("Authorization", auth).GET().build(), 200, cpu), null);
                }
            }
        }
        if (only != null) {
            notes.add("Only the " + only + " workload was run (`--only " + only + "`).");
        }
        String report = report(plan, cores, startLoad, loadAverage(), started, table, notes);
        Files.createDirectories(out.toAbsolutePath().getParent());
        Files.writeString(out, report);
        System.out.println(report);
        log("written to " + out);
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
            // the api learns registry changes from Kafka: wait until it serves the model
            for (int attempt = 0; attempt < 100; attempt++) {
                var chat = client.send(chat(platform.url() + "/v1/chat/completions", "bench-echo")
                        .header("Authorization", "Bearer " + platform.apiKey()).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (chat.statusCode() == 200) {
                    return;
                }
                Thread.sleep(200);
            }
            throw new IllegalStateException("the api does not serve bench-echo");
        }
    }

    static String report(Plan plan, int cores, String loadBefore, String loadAfter, Instant started,
                         ResultsTable table, List<String> notes) {
        var text = new StringBuilder("# Performance results\n\n");
        text.append("Written by `bench/run.sh").append(plan.name().equals("full") ? "" : " --" + plan.name())
                .append("` (").append(plan.name()).append(" plan: ").append(plan.runs()).append(" run(s) per system, ")
                .append(plan.warmUp().toSeconds()).append(" s warm-up, ").append(plan.measured().toSeconds())
                .append(" s measured, ").append(plan.endToEndJobs()).append(" jobs end to end), started ")
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
