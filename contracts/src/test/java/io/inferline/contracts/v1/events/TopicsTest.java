package io.inferline.contracts.v1.events;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
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

    @Test
    void aPoolsRequestTopicsAreTellableFromOtherPoolsAndDeadLetters() {
        assertTrue(Topics.carriesJobRequestsOf(Topics.jobRequests("sim"), "sim"));
        assertFalse(Topics.carriesJobRequestsOf(Topics.jobRequests("sim-b"), "sim"));
        assertFalse(Topics.carriesJobRequestsOf(Topics.JOB_DEAD_LETTERS, "dead-letter"));
        assertFalse(Topics.carriesJobRequestsOf(Topics.JOB_EVENTS, "sim"));
    }
}
