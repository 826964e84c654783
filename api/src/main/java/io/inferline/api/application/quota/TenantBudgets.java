package io.inferline.api.application.quota;

import io.inferline.api.application.ratelimit.RedisOutagePolicy;
import io.inferline.api.domain.Job;
import io.inferline.contracts.v1.jobs.JobStatus;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import io.inferline.routing.application.RegistryView;
import jakarta.inject.Singleton;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Monthly budgets of tenants (their registry policy's {@code monthly_token_budget} and {@code monthly_spend_limit}),
 * held across every API replica in Redis. A job reserves its estimated tokens, and their price at the routed
 * version's {@code price_per_1k_tokens}, when it is admitted; when it ends, the reservation is replaced by the
 * usage it reports (nothing, if it reports none and did not succeed). Amounts of money are counted in millionths.
 * Redis being away is handled like the rate limits ({@link RedisOutagePolicy}).
 */
@Singleton
public class TenantBudgets {

    private static final BigDecimal MICROS_PER_1K_TOKENS = BigDecimal.valueOf(1_000);
    /** Reservations are remembered past the month's end, for jobs that end after it. */
    private static final Duration KEEP_RESERVATIONS = Duration.ofDays(40);

    private final BudgetStore store;
    private final RegistryView registry;
    private final RedisOutagePolicy outages;
    private final Clock clock;

    public TenantBudgets(BudgetStore store, RegistryView registry, RedisOutagePolicy outages, Clock clock) {
        this.store = store;
        this.registry = registry;
        this.outages = outages;
        this.clock = clock;
    }

    /**
     * Reserves the job's estimate, or refuses it with 429 when the month's budget would be passed. False when the
     * tenant has no budget, so nothing was reserved and nothing needs settling.
     */
    public boolean admit(Job job) {
        Optional<TenantPolicySpec> policy = registry.current().tenantPolicy(job.tenantId())
                .filter(p -> p.monthlyTokenBudget() != null || p.monthlySpendLimit() != null);
        if (policy.isEmpty()) {
            return false;
        }
        long tokens = job.estimatedTokens();
        long tokenLimit = policy.get().monthlyTokenBudget() == null ? -1 : policy.get().monthlyTokenBudget();
        long microLimit = policy.get().monthlySpendLimit() == null ? -1 : toMicros(policy.get().monthlySpendLimit());
        Optional<BudgetStore.Spent> refused = guarded(() -> store.reserve(job.tenantId(), month(job), job.id().toString(),
                tokens, micros(job, tokens), tokenLimit, microLimit, job.createdAt().plus(KEEP_RESERVATIONS)));
        if (refused != null && refused.isPresent()) {
            throw new BudgetExhaustedException(refusal(policy.get(), refused.get(), tokens), untilNextMonth());
        }
        return true;
    }

    /** The job was not created after all: its reservation is given back (sent without waiting). */
    public void release(Job job) {
        guarded(() -> {
            store.settle(job.tenantId(), month(job), job.id().toString(), 0, 0);
            return null;
        });
    }

    /**
     * The job ended: what it used replaces what it reserved (sent without waiting). Callers that know the job reserved
     * nothing ({@link #admit} said false) need not call this.
     */
    public void settle(Job job) {
        long used = job.usage() != null ? job.usage().totalTokens()
                : job.status() == JobStatus.SUCCEEDED ? job.estimatedTokens() : 0;
        guarded(() -> {
            store.settle(job.tenantId(), month(job), job.id().toString(), used, micros(job, used));
            return null;
        });
    }

    private long micros(Job job, long tokens) {
        BigDecimal price = registry.current().model(job.routedModel() == null ? job.model() : job.routedModel())
                .flatMap(model -> model.versions().stream().filter(v -> v.version().equals(job.modelVersion())).findFirst())
                .map(ModelVersionSpec::pricePer1kTokens)
                .orElse(null);
        if (price == null) {
            return 0;
        }
        return price.multiply(BigDecimal.valueOf(tokens)).multiply(MICROS_PER_1K_TOKENS)
                .setScale(0, RoundingMode.CEILING).longValueExact();
    }

    private static long toMicros(BigDecimal amount) {
        return amount.movePointRight(6).setScale(0, RoundingMode.FLOOR).longValueExact();
    }

    private static String refusal(TenantPolicySpec policy, BudgetStore.Spent spent, long tokens) {
        var detail = new StringBuilder("this job (about ").append(tokens).append(" tokens) would pass the tenant's monthly ");
        if (policy.monthlyTokenBudget() != null && spent.tokens() + tokens > policy.monthlyTokenBudget()) {
            detail.append("token budget of ").append(policy.monthlyTokenBudget()).append(" (")
                    .append(spent.tokens()).append(" used)");
        } else {
            detail.append("spend limit of ").append(policy.monthlySpendLimit().toPlainString()).append(" (")
                    .append(BigDecimal.valueOf(spent.micros()).movePointLeft(6).stripTrailingZeros().toPlainString())
                    .append(" spent)");
        }
        return detail.append("; it resets at the start of next month (UTC)").toString();
    }

    private static String month(Job job) {
        return YearMonth.from(job.createdAt().atOffset(ZoneOffset.UTC)).toString();
    }

    private Duration untilNextMonth() {
        Instant now = clock.instant();
        Instant next = YearMonth.from(now.atOffset(ZoneOffset.UTC)).plusMonths(1).atDay(1).atStartOfDay()
                .toInstant(ZoneOffset.UTC);
        return Duration.between(now, next);
    }

    private <T> T guarded(Supplier<T> action) {
        return outages.guard("budgets", action, null);
    }
}
