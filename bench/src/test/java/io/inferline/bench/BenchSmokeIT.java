package io.inferline.bench;

import io.inferline.testkit.OpenAiCompatibleServer;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Checks the benchmark harness works (bench/run.sh --smoke runs it whole): the closed-loop driver against a real
 * OpenAI-compatible server, the CPU reading and the table. It asserts counts and shapes, never timings. The warm-ups
 * are long because a cold JVM at C1 on a busy machine takes seconds over its first request.
 */
class BenchSmokeIT {

    @Test
    void theDriverCountsAnswersAndTheServersRequestsMatch() throws Exception {
        try (var server = OpenAiCompatibleServer.start()) {
            var loop = new ClosedLoop(4, Duration.ofSeconds(4), Duration.ofSeconds(1));
            var cpu = new ProcessTreeCpu(ProcessHandle.current().pid());

            Measurement ok = loop.run(n -> HttpRequest.newBuilder(URI.create(server.v1Url() + "/chat/completions"))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(
                            "{\"model\":\"echo\",\"messages\":[{\"role\":\"user\",\"content\":\"Hi\"}]}")).build(),
                    200, cpu);

            assertTrue(ok.operations() > 0, "operations: " + ok);
            assertEquals(0, ok.errors());
            assertTrue(ok.operations() <= server.completedRequests(), "every counted answer reached the server");
            assertTrue(ok.p99Millis() >= ok.p50Millis() && ok.p50Millis() > 0, "percentiles: " + ok);
            assertTrue(ok.cpuMicrosPerOperation() > 0, "the server and driver share this process: " + ok);
        }
    }

    @Test
    void anUnexpectedStatusIsAnErrorNotAnOperation() throws Exception {
        try (var server = OpenAiCompatibleServer.start()) {
            Measurement wrong = new ClosedLoop(2, Duration.ofSeconds(4), Duration.ofSeconds(1)).run(
                    n -> HttpRequest.newBuilder(URI.create(server.v1Url() + "/no-such-path")).GET().build(), 200, null);

            assertEquals(0, wrong.operations());
            assertTrue(wrong.errors() > 0, "errors: " + wrong);
            assertTrue(Double.isNaN(wrong.cpuMicrosPerOperation()));
        }
    }

    @Test
    void theTableShowsTheMedianRunAndTheRatioToThePeer() {
        var table = new ResultsTable();
        for (double rate : new double[] {300, 100, 200}) {
            table.add("submit", "Inferline", "jobs/s", new Measurement((long) rate, 0, 1, 1.5, 9, 250), "peer");
        }
        table.add("submit", "peer", "tasks/s", new Measurement(50, 0, 1, 2, 20, Double.NaN), null);

        String markdown = table.markdown();

        assertTrue(markdown.contains("| submit | Inferline | 3 | 200 jobs/s | 1.50 | 9.00 | 0 | 4.00× peer | 250 |  |"),
                markdown);
        assertTrue(markdown.contains("| submit | peer | 1 | 50 tasks/s | 2.00 | 20.00 | 0 |  |  |  |"), markdown);
    }

    @Test
    void theTableShowsCpuPerOperationAsAMultipleOfEachMeasuredPeer() {
        var table = new ResultsTable();
        table.add("sync", "Inferline", "req/s", new Measurement(100, 0, 1, 1, 2, 300), "gateway");
        table.add("sync", "gateway", "req/s", new Measurement(200, 0, 1, 1, 2, 250), null);
        table.add("sync", "node", "req/s", new Measurement(50, 0, 1, 1, 2, 600), null);
        table.compareCpu("sync", "Inferline", "gateway");
        table.compareCpu("sync", "Inferline", "node");
        table.compareCpu("sync", "Inferline", "not measured");

        String markdown = table.markdown();

        assertTrue(markdown.contains("| 0.50× gateway | 300 | 1.20× gateway, 0.50× node |"), markdown);
    }

    @Test
    void aComparisonForAWorkloadLeftOutChangesNothing() {
        var table = new ResultsTable();
        table.add("poll", "Inferline", "req/s", new Measurement(100, 0, 1, 1, 2, 300), null);

        table.compareCpu("sync", "Inferline", "gateway");

        assertFalse(table.markdown().contains("sync"), table.markdown());
    }
}
