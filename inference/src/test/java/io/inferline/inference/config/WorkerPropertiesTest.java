package io.inferline.inference.config;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class WorkerPropertiesTest {

    @Test
    void theSinglePoolSettingIsServedWhenNoListIsGiven() {
        var properties = new WorkerProperties();
        assertEquals(List.of("sim"), properties.servedPools());
        properties.setPool("cpu");
        assertEquals(List.of("cpu"), properties.servedPools());
    }

    @Test
    void aListOfPoolsWinsAndRepeatsAreServedOnce() {
        var properties = new WorkerProperties();
        properties.setPool("ignored");
        properties.setPools(List.of("sim", "cpu", "sim"));
        assertEquals(List.of("sim", "cpu"), properties.servedPools());
    }

    @Test
    void poolsNoTopicCanCarryAndEmptyLimitsAreRefused() {
        var properties = new WorkerProperties();
        properties.setPools(List.of("sim", "Not A Pool"));
        assertThrows(IllegalArgumentException.class, properties::servedPools);
        assertThrows(IllegalArgumentException.class, () -> properties.setMaxInFlight(0));
        assertThrows(IllegalArgumentException.class, () -> properties.setAttempts(0));
        assertThrows(IllegalArgumentException.class, () -> properties.setOutputInterval(Duration.ofMillis(-1)));
    }
}
