package io.inferline.contracts.v1.events;

import io.inferline.contracts.v1.jobs.Priority;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.assertThrows;

class TopicsTest {

    @Test
    void eachPoolHasARequestTopicPerPriorityLane() {
        assertEquals("inferline.jobs.sim.high.v1", Topics.jobRequests("sim", Priority.HIGH));
        assertEquals("inferline.jobs.vllm-a100.low.v1", Topics.jobRequests("vllm-a100", Priority.LOW));
        assertEquals(List.of("inferline.jobs.cpu.high.v1", "inferline.jobs.cpu.normal.v1", "inferline.jobs.cpu.low.v1"),
                Topics.jobRequestTopics("cpu"));
        assertEquals("inferline-inference-cpu", Topics.workerGroup("cpu"));
    }

    @Test
    void poolNamesThatNoTopicCanCarryAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests("Sim Pool", Priority.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests("", Priority.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests(null, Priority.NORMAL));
        assertThrows(IllegalArgumentException.class, () -> Topics.jobRequests("sim", null));
        assertThrows(IllegalArgumentException.class, () -> Topics.requirePool("a.b"));
    }

    @Test
    void aPoolsRequestTopicsAreTellableFromOtherPoolsAndDeadLetters() {
        for (String topic : Topics.jobRequestTopics("sim")) {
            assertTrue(Topics.carriesJobRequestsOf(topic, "sim"), topic);
            assertFalse(Topics.carriesJobRequestsOf(topic, "sim-b"), topic);
        }
        assertFalse(Topics.carriesJobRequestsOf(Topics.jobRequests("sim-b", Priority.HIGH), "sim"));
        assertFalse(Topics.carriesJobRequestsOf(Topics.JOB_DEAD_LETTERS, "dead-letter"));
        assertFalse(Topics.carriesJobRequestsOf(Topics.JOB_EVENTS, "sim"));
        assertFalse(Topics.carriesJobRequestsOf("inferline.jobs.sim.v1", "sim"), "the topic before lanes");
        assertFalse(Topics.carriesJobRequestsOf("inferline.jobs.sim.high.v1", "Not A Pool"));
    }
}
