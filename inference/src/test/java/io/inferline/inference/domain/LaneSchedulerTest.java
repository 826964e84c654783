package io.inferline.inference.domain;

import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.Test;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LaneSchedulerTest {

    private static final Set<Priority> ALL = EnumSet.allOf(Priority.class);

    @Test
    void withWorkInEveryLaneEachGetsItsWeightsShare() {
        var scheduler = LaneScheduler.withDefaultWeights();
        Map<Priority, Integer> starts = new EnumMap<>(Priority.class);
        for (int i = 0; i < 100; i++) {
            starts.merge(scheduler.next(ALL).orElseThrow(), 1, Integer::sum);
        }
        assertEquals(Map.of(Priority.HIGH, 60, Priority.NORMAL, 30, Priority.LOW, 10), starts);
    }

    @Test
    void highGoesFirstButLowIsServedWithinEveryRound() {
        var scheduler = LaneScheduler.withDefaultWeights();
        assertEquals(Priority.HIGH, scheduler.next(ALL).orElseThrow());
        boolean lowServed = false;
        for (int i = 1; i < 10; i++) {
            lowServed |= scheduler.next(ALL).orElseThrow() == Priority.LOW;
        }
        assertTrue(lowServed, "low must get a start within 10 while high keeps having work");
    }

    @Test
    void aLaneAloneGetsEveryStartAndNoLaneNoStart() {
        var scheduler = LaneScheduler.withDefaultWeights();
        for (int i = 0; i < 5; i++) {
            assertEquals(Priority.LOW, scheduler.next(EnumSet.of(Priority.LOW)).orElseThrow());
        }
        assertTrue(scheduler.next(EnumSet.noneOf(Priority.class)).isEmpty());
        assertEquals(Map.of(Priority.HIGH, 2, Priority.NORMAL, 1), count(scheduler, EnumSet.of(Priority.HIGH, Priority.NORMAL), 3));
    }

    @Test
    void everyLaneNeedsAPositiveWeight() {
        assertThrows(IllegalArgumentException.class, () -> new LaneScheduler(Map.of(Priority.HIGH, 1, Priority.NORMAL, 1)));
        assertThrows(IllegalArgumentException.class,
                () -> new LaneScheduler(Map.of(Priority.HIGH, 1, Priority.NORMAL, 0, Priority.LOW, 1)));
    }

    private static Map<Priority, Integer> count(LaneScheduler scheduler, Set<Priority> lanes, int starts) {
        Map<Priority, Integer> counted = new EnumMap<>(Priority.class);
        for (int i = 0; i < starts; i++) {
            counted.merge(scheduler.next(lanes).orElseThrow(), 1, Integer::sum);
        }
        return counted;
    }
}
