package io.inferline.api.application;

import io.inferline.api.domain.Caller;
import io.inferline.contracts.v1.jobs.JobOverview;
import io.inferline.routing.application.RegistryView;
import io.inferline.routing.domain.PoolLoad;
import jakarta.inject.Singleton;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The last hour of a tenant's jobs and the queues they wait in: the console's overview. */
@Singleton
public class TenantOverview {

    static final Duration WINDOW = Duration.ofHours(1);

    private final JobStatistics statistics;
    private final RegistryView registry;
    private final PoolLoad pools;
    private final Clock clock;

    public TenantOverview(JobStatistics statistics, RegistryView registry, PoolLoad pools, Clock clock) {
        this.statistics = statistics;
        this.registry = registry;
        this.pools = pools;
        this.clock = clock;
    }

    public JobOverview of(Caller caller) {
        var activity = statistics.since(caller.tenantId(), clock.instant().minus(WINDOW));
        Map<String, Long> lag = new LinkedHashMap<>();
        for (String pool : registry.current().pools()) {
            var measured = pools.lag(pool);
            lag.put(pool, measured.isPresent() ? measured.getAsLong() : null);
        }
        return new JobOverview(WINDOW.toSeconds(), activity.byStatus(), activity.perMinute(), activity.latencyMs(), lag);
    }
}
