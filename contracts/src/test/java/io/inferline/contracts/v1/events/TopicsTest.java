package io.inferline.contracts.v1.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicsTest {

    @Test
    void eachPoolHasItsOwnRequestTopic() {
        assertEquals("inferline.jobs.sim.v1", Topics.jobRequests("sim"));
        assertEquals("inferline.jobs.vllm-a100.v1", Topics.jobRequests("vllm-a100"));
    }

    @Test
    void poolNamesThatNoTopicCanCarryAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests("Sim Pool"));
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests(""));
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests(null));
    }
}
