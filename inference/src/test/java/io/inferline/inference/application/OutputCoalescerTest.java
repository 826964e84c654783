package io.inferline.inference.application;

import io.inferline.contracts.v1.events.JobOutput;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class OutputCoalescerTest {

    private static final Duration INTERVAL = Duration.ofMillis(250);

    private final JobRequested request = new JobRequested(UUID.randomUUID(), "acme", "chat", "openai", "gpu",
            Priority.NORMAL, Map.of("stream", true), 2, Instant.EPOCH, null, null, null, null);
    private final FakeClock clock = new FakeClock();
    private final List<JobOutput> published = new ArrayList<>();
    private final AtomicInteger lost = new AtomicInteger();

    @Test
    void theFirstPieceGoesAtOnceAndLaterOnesAtMostOncePerInterval() throws Exception {
        var coalescer = coalescer(output -> CompletableFuture.completedFuture(null));

        chunk(coalescer, "Hello");
        clock.advance(Duration.ofMillis(100));
        chunk(coalescer, " wide");
        clock.advance(Duration.ofMillis(100));
        chunk(coalescer, " world");
        assertEquals(List.of("Hello"), deltas(), "chunks within the interval wait");

        clock.advance(Duration.ofMillis(50));
        chunk(coalescer, ",");
        assertEquals(List.of("Hello", " wide world,"), deltas(), "the first chunk after the interval takes them along");

        clock.advance(Duration.ofMillis(10));
        chunk(coalescer, " again");
        coalescer.finish(Duration.ofSeconds(1));

        assertEquals(List.of("Hello", " wide world,", " again"), deltas(), "finishing flushes the rest");
        assertEquals(List.of(1L, 2L, 3L), published.stream().map(JobOutput::seq).toList());
        assertTrue(published.stream().allMatch(o -> o.jobId().equals(request.jobId()) && o.attempt() == 2
                && o.tenantId().equals("acme")));
        assertEquals(clock.instant(), published.getLast().occurredAt());
    }

    @Test
    void chunksWithoutTextAndChunksAfterFinishingPublishNothing() throws Exception {
        var coalescer = coalescer(output -> CompletableFuture.completedFuture(null));

        coalescer.onChunk(Map.of("delta", "", "finish_reason", "stop"));
        coalescer.onChunk(Map.of("finish_reason", "stop"));
        coalescer.finish(Duration.ofSeconds(1));
        chunk(coalescer, "too late");
        coalescer.finish(Duration.ofSeconds(1));

        assertEquals(List.of(), published);
    }

    @Test
    void aFailedPublishIsCountedAndTheStreamGoesOn() throws Exception {
        var coalescer = coalescer(output -> output.seq() == 1
                ? CompletableFuture.failedFuture(new IllegalStateException("broker away"))
                : CompletableFuture.completedFuture(null));

        chunk(coalescer, "lost");
        clock.advance(INTERVAL);
        chunk(coalescer, "kept");
        coalescer.finish(Duration.ofSeconds(1));

        assertEquals(List.of("lost", "kept"), deltas());
        assertEquals(1, lost.get());
    }

    @Test
    void finishingGivesUpWaitingForABrokerThatNeverAnswers() throws Exception {
        var coalescer = coalescer(output -> new CompletableFuture<Void>());
        chunk(coalescer, "slow broker");

        coalescer.finish(Duration.ofMillis(50));

        assertEquals(List.of("slow broker"), deltas());
        assertEquals(0, lost.get(), "not confirmed is not lost");
    }

    private OutputCoalescer coalescer(Function<JobOutput, CompletableFuture<?>> broker) {
        JobOutputs outputs = output -> {
            published.add(output);
            return broker.apply(output);
        };
        return new OutputCoalescer(request, outputs, INTERVAL, clock, lost::incrementAndGet);
    }

    private static void chunk(OutputCoalescer coalescer, String delta) {
        coalescer.onChunk(Map.of("delta", delta));
    }

    private List<String> deltas() {
        return published.stream().map(JobOutput::delta).toList();
    }

    private static final class FakeClock extends Clock {

        private Instant now = Instant.parse("2026-12-01T10:00:00Z");

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
