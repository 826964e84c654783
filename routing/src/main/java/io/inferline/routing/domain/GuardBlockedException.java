package io.inferline.routing.domain;

import io.inferline.common.error.InferlineException;
import io.inferline.contracts.v1.problem.Problem.FieldError;

import java.util.List;

/** A guard rule with action {@code block} matched the input (403); the problem names the rule. */
public class GuardBlockedException extends InferlineException {

    private final GuardHit hit;

    public GuardBlockedException(GuardHit hit) {
        super(403, "guard-blocked", "Blocked by a guard rule", "input " + hit.describe(),
                List.of(new FieldError("input", hit.describe())));
        this.hit = hit;
    }

    public GuardHit hit() {
        return hit;
    }
}
