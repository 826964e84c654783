package io.inferline.api.application.quota;

import io.inferline.common.error.InferlineException;

import java.time.Duration;

/** The tenant's monthly budget would be passed: 429 until the month turns. */
public class BudgetExhaustedException extends InferlineException {

    private final Duration untilNextMonth;

    public BudgetExhaustedException(String detail, Duration untilNextMonth) {
        super(429, "budget-exhausted", "Monthly budget exhausted", detail);
        this.untilNextMonth = untilNextMonth;
    }

    @Override
    public Duration retryAfter() {
        return untilNextMonth;
    }
}
