package io.inferline.inference.domain;

import io.inferline.contracts.v1.jobs.Priority;

import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Picks the priority lane of the next job to start. Among the lanes with waiting jobs each gets its weight's share
 * of the starts (smooth weighted round robin: 6:3:1 spreads as H N H L H N H H N H), so {@code high} goes first
 * without starving {@code normal} and {@code low}; a lane alone gets every start. Not thread-safe: one per consumer.
 */
public final class LaneScheduler {

    /** The standard shares of high, normal and low when all three have work. */
    public static final Map<Priority, Integer> DEFAULT_WEIGHTS = Map.of(Priority.HIGH, 6, Priority.NORMAL, 3,
            Priority.LOW, 1);

    private final Map<Priority, Integer> weights;
    private final Map<Priority, Integer> credit = new EnumMap<>(Priority.class);

    public LaneScheduler(Map<Priority, Integer> weights) {
        for (Priority lane : Priority.values()) {
            Integer weight = weights.get(lane);
            if (weight == null || weight < 1) {
                throw new IllegalArgumentException("lane " + lane.wireName() + " needs a weight of at least 1");
            }
            credit.put(lane, 0);
        }
        this.weights = new EnumMap<>(weights);
    }

    public static LaneScheduler withDefaultWeights() {
        return new LaneScheduler(DEFAULT_WEIGHTS);
    }

    /** The lane to start a job from, among {@code waiting}; empty when no lane has work. */
    public Optional<Priority> next(Set<Priority> waiting) {
        Priority chosen = null;
        int total = 0;
        for (Priority lane : Priority.values()) {
            if (waiting.contains(lane)) {
                credit.merge(lane, weights.get(lane), Integer::sum);
                total += weights.get(lane);
                if (chosen == null || credit.get(lane) > credit.get(chosen)) {
                    chosen = lane;
                }
            }
        }
        if (chosen != null) {
            credit.merge(chosen, -total, Integer::sum);
        }
        return Optional.ofNullable(chosen);
    }
}
