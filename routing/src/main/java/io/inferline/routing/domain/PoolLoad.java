package io.inferline.routing.domain;

import java.util.OptionalLong;

/** The consumer lag of a worker pool, where it is known. */
@FunctionalInterface
public interface PoolLoad {

    PoolLoad UNMEASURED = pool -> OptionalLong.empty();

    OptionalLong lag(String pool);
}
