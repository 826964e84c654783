package io.inferline.contracts.v1.jobs;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class JobStatusTest {

    @Test
    void jobsOnlyMoveForward() {
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.RUNNING));
        assertTrue(JobStatus.QUEUED.canMoveTo(JobStatus.CANCELED));
        assertTrue(JobStatus.RUNNING.canMoveTo(JobStatus.SUCCEEDED));
        assertFalse(JobStatus.RUNNING.canMoveTo(JobStatus.QUEUED));
        assertFalse(JobStatus.RUNNING.canMoveTo(JobStatus.RUNNING));
        for (JobStatus done : new JobStatus[]{JobStatus.SUCCEEDED, JobStatus.FAILED, JobStatus.CANCELED, JobStatus.EXPIRED}) {
            assertTrue(done.isFinal());
            for (JobStatus next : JobStatus.values()) {
                assertFalse(done.canMoveTo(next), done + " must not move to " + next);
            }
        }
    }

    @Test
    void wireNamesAreLowercase() {
        assertEquals("succeeded", JobStatus.SUCCEEDED.wireName());
        assertEquals(JobStatus.CANCELED, JobStatus.fromWireName("canceled"));
    }
}
