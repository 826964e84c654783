package io.inferline.contracts.v1.jobs;

import io.micronaut.core.annotation.Nullable;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.util.List;

/** One page of {@code GET /v1/jobs}, newest first; pass {@code nextCursor} as {@code cursor} for the next. */
@Serdeable(naming = SnakeCaseStrategy.class)
public record JobList(String object, List<JobResource> data, boolean hasMore, @Nullable String nextCursor) {

    public static JobList of(List<JobResource> data, @Nullable String nextCursor) {
        return new JobList("list", data, nextCursor != null, nextCursor);
    }
}
