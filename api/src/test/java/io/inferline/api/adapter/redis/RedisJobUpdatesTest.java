package io.inferline.api.adapter.redis;

import io.inferline.api.application.JobUpdates.Change;
import io.inferline.contracts.v1.jobs.JobStatus;
import org.junit.jupiter.api.Test;

import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;

class RedisJobUpdatesTest {

    private final UUID id = UUID.randomUUID();

    @Test
    void aChangeTravelsWithItsStatus() {
        var change = new Change(id, "tenant-a", JobStatus.RUNNING);
        assertEquals(id + " tenant-a running", RedisJobUpdates.format(change));
        assertEquals(change, RedisJobUpdates.parse(RedisJobUpdates.format(change)));
        var spaced = new Change(id, "acme corp", JobStatus.SUCCEEDED);
        assertEquals(spaced, RedisJobUpdates.parse(RedisJobUpdates.format(spaced)));
    }

    @Test
    void changesFromEarlierReleasesSayNoStatus() {
        assertEquals(new Change(id, "tenant-a", null), RedisJobUpdates.parse(id + " tenant-a"));
        assertEquals(new Change(id, null, null), RedisJobUpdates.parse(id.toString()));
        assertEquals(new Change(id, "acme corp", null), RedisJobUpdates.parse(id + " acme corp"));
    }
}
