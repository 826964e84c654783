package io.inferline.platform;

import io.inferline.testkit.Binaries;
import io.inferline.testkit.Infrastructure;
import io.inferline.testkit.NodeProject;
import io.inferline.testkit.WebhookReceiver;
import io.micronaut.context.ApplicationContext;
import io.micronaut.core.type.Argument;
import io.micronaut.http.HttpRequest;
import io.micronaut.http.client.HttpClient;
import io.micronaut.json.JsonMapper;
import io.micronaut.runtime.server.EmbeddedServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The web console end to end in Debian's headless Chromium, driven by Playwright, against the all-in-one platform
 * as {@code ./inferline up} wires it: sign in with a password, add a user, create a key, watch a chat answer stream
 * in the playground and submit a job there, watch a job succeed in the live list, replay its webhook, add a guard
 * rule and see a request blocked, revoke the key and see it refused, sign out. Every
 * page is captured under {@code target/console-screenshots} (docs/console.md shows a copy).
 */
class ConsoleIT {

    private static final String API_KEY = "il_dev_console_test_key";
    private static final Path SCREENSHOTS = Path.of("target", "console-screenshots");

    private static ApplicationContext context;
    private static WebhookReceiver receiver;
    private static String baseUrl;

    @BeforeAll
    static void startPlatform() throws Exception {
        Map<String, Object> properties = PlatformProperties.of(Infrastructure.shared(), JobLifecycleIT.freePort(), API_KEY);
        properties.put("inferline.simulator.latency", "10ms");
        properties.put("inferline.simulator.per-token-latency", "20ms");
        properties.put("inferline.webhooks.allowed-networks", "127.0.0.1/32");
        context = ApplicationContext.run(EmbeddedServer.class, properties).getApplicationContext();
        baseUrl = context.getBean(EmbeddedServer.class).getURL().toString();
        try (var http = HttpClient.create(context.getBean(EmbeddedServer.class).getURL())) {
            Map<?, ?> secrets = http.toBlocking().retrieve(HttpRequest.GET("/v1/webhooks/secret").bearerAuth(API_KEY),
                    Map.class);
            receiver = WebhookReceiver.start(Path.of("target"),
                    context.getBean(JsonMapper.class).writeValueAsString(secrets.get("secrets")));
        }
    }

    @AfterAll
    static void stopPlatform() {
        if (receiver != null) {
            receiver.close();
        }
        if (context != null) {
            context.close();
        }
    }

    @Test
    void anAdminRunsTheWholeConsole() throws Exception {
        Path chromium = Binaries.require("chromium", "chromium", "/usr/bin/chromium");
        Files.createDirectories(SCREENSHOTS);
        var e2e = NodeProject.install("/console-e2e/", List.of("package.json", "console-e2e.mjs"),
                Path.of("target", "console-e2e"));
        String webhookPath = "/console-e2e";

        var run = e2e.node("console-e2e.mjs", Map.of("BASE_URL", baseUrl.replaceAll("/$", ""), "API_KEY", API_KEY,
                "WEBHOOK_URL", receiver.url(webhookPath), "SCREENSHOTS", SCREENSHOTS.toAbsolutePath().toString(),
                "CHROMIUM", chromium.toString()), Duration.ofMinutes(5));

        assertEquals(0, run.exitCode(), "the console run failed:\n" + run.stderr() + run.stdout());
        String last = run.stdout().strip().lines().reduce((a, b) -> b).orElseThrow();
        Map<String, Object> findings = context.getBean(JsonMapper.class).readValue(last, Argument.mapOf(String.class, Object.class));
        assertTrue(String.valueOf(findings.get("signedInAs")).endsWith("@console.test"), "signed in with a password: " + last);
        assertTrue(String.valueOf(findings.get("userAdded")).startsWith("viewer-"), last);
        assertTrue(((Number) findings.get("streamedStates")).intValue() >= 3, "the answer arrived piece by piece: " + last);
        assertTrue(String.valueOf(findings.get("servedBy")).startsWith("sim-chat@"), last);
        assertEquals(true, findings.get("keyShownOnce"), last);
        assertEquals(true, findings.get("newKeyWorks"), last);
        assertEquals(true, findings.get("liveListShowedSucceeded"), last);
        assertTrue(String.valueOf(findings.get("testerSays")).startsWith("Blocked"), last);
        assertEquals(403, findings.get("blockedStatus"), last);
        assertTrue(String.valueOf(findings.get("blockedProblem")).contains("no-secrets"), "the 403 names the rule: " + last);
        assertTrue(((Number) findings.get("overviewSucceeded")).intValue() >= 1, last);
        assertEquals(401, findings.get("revokedKeyStatus"), last);
        assertEquals(List.of(), findings.get("pageErrors"), last);
        assertTrue(receivedAtLeast(webhookPath, 2), "the replayed delivery reached the receiver again");
        for (String page : List.of("login", "users", "keys", "playground-chat", "playground", "jobs", "job-detail",
                "models", "overview")) {
            assertTrue(Files.size(SCREENSHOTS.resolve(page + ".png")) > 1_000, page + " screenshot");
        }
    }

    private static boolean receivedAtLeast(String path, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<Map> received = context.getBean(JsonMapper.class).readValue(receiver.receivedJson(),
                    Argument.listOf(Map.class));
            if (received.stream().filter(r -> path.equals(r.get("path"))).count() >= count) {
                return true;
            }
            Thread.sleep(200);
        }
        return false;
    }
}
