package io.inferline.modelmgmt.application;

import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.common.error.UnprocessableRequestException;
import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import io.inferline.contracts.v1.problem.Problem.FieldError;
import io.inferline.modelmgmt.domain.RegistryValidation;
import io.inferline.routing.config.SeedModels;
import io.inferline.routing.domain.RegistrySnapshot;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import io.micronaut.scheduling.annotation.Scheduled;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Objects;

/**
 * Changes the registry: validates, stores (PostgreSQL is the source of truth) and publishes every change on the
 * registry topic before it commits. Seeds an empty registry with the configured models at start-up, and publishes
 * every entry again at start-up and every {@code inferline.registry.republish-interval}, so a publish lost between
 * the broker's acknowledgement and the commit (or a topic that was recreated) heals itself.
 */
@Singleton
public class RegistryService {

    private static final Logger LOG = LoggerFactory.getLogger(RegistryService.class);

    private final RegistryStore store;
    private final RegistryPublisher publisher;
    private final SeedModels seeds;
    private final Clock clock;

    RegistryService(RegistryStore store, RegistryPublisher publisher, SeedModels seeds, Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.seeds = seeds;
        this.clock = clock;
    }

    public RegistryChange putModel(String name, ModelSpec model) {
        checkName(name, model.name());
        var spec = new ModelSpec(name, model.task(), model.defaultVersion(), model.versions(), model.allowedTenants(),
                model.guards());
        invalidIfAny(RegistryValidation.model(spec));
        return put(new RegistryChange(RegistryChange.MODEL, name, 0, now(), spec, null, null));
    }

    public RegistryChange putAlias(String name, AliasSpec alias) {
        checkName(name, alias.name());
        var spec = new AliasSpec(name, alias.splits(), alias.fallbacks());
        invalidIfAny(RegistryValidation.alias(spec));
        List<FieldError> references = RegistryValidation.references(spec, snapshot());
        if (!references.isEmpty()) {
            var first = references.getFirst();
            throw new UnprocessableRequestException("unknown-reference", "Unknown reference", first.field(), first.reason());
        }
        return put(new RegistryChange(RegistryChange.ALIAS, name, 0, now(), null, spec, null));
    }

    public RegistryChange putTenantPolicy(String tenant, TenantPolicySpec policy) {
        checkName(tenant, policy.tenant(), "tenant");
        var spec = new TenantPolicySpec(tenant, policy.allowedModels(), policy.guards(),
                policy.monthlyTokenBudget(), policy.monthlySpendLimit());
        invalidIfAny(RegistryValidation.tenantPolicy(spec));
        return put(new RegistryChange(RegistryChange.TENANT_POLICY, tenant, 0, now(), null, null, spec));
    }

    public RegistryChange get(String kind, String name) {
        return store.find(kind, name).orElseThrow(() -> new NotFoundException(kind, name));
    }

    public List<RegistryChange> list(String kind) {
        return store.all().stream().filter(c -> c.kind().equals(kind)).toList();
    }

    public void delete(String kind, String name) {
        if (kind.equals(RegistryChange.MODEL)) {
            snapshot().aliases().values().stream()
                    .filter(a -> a.splits().stream().anyMatch(s -> s.model().equals(name))
                            || (a.fallbacks() != null && a.fallbacks().stream().anyMatch(f -> f.model().equals(name))))
                    .findFirst()
                    .ifPresent(a -> {
                        throw new RegistryConflictException("name", "alias '" + a.name() + "' still routes to this model");
                    });
        }
        if (!store.delete(kind, name, () -> publisher.publishDeletion(kind, name))) {
            throw new NotFoundException(kind, name);
        }
    }

    @EventListener
    void onStartup(StartupEvent event) {
        try {
            if (store.all().stream().noneMatch(c -> c.kind().equals(RegistryChange.MODEL))) {
                seeds.models().values().forEach(model -> {
                    put(new RegistryChange(RegistryChange.MODEL, model.name(), 0, now(), model, null, null));
                    LOG.info("registry was empty: seeded model '{}' from configuration", model.name());
                });
            }
            republish();
        } catch (RuntimeException e) {
            LOG.warn("registry seed/republish at start-up failed, the periodic republish will retry: {}", e.toString());
        }
    }

    @Scheduled(fixedDelay = "${inferline.registry.republish-interval:30s}",
            initialDelay = "${inferline.registry.republish-interval:30s}")
    void republish() {
        store.all().forEach(publisher::publish);
    }

    private RegistryChange put(RegistryChange change) {
        return store.put(change, now(), publisher::publish);
    }

    private RegistrySnapshot snapshot() {
        RegistrySnapshot snapshot = RegistrySnapshot.EMPTY;
        for (RegistryChange change : store.all()) {
            snapshot = snapshot.apply(change.key(), change);
        }
        return snapshot;
    }

    private static void checkName(String path, String body) {
        checkName(path, body, "name");
    }

    private static void checkName(String path, String body, String field) {
        if (body != null && !Objects.equals(path, body)) {
            throw new InvalidRequestException(field, "differs from the name in the path ('" + path + "')");
        }
    }

    private static void invalidIfAny(List<FieldError> errors) {
        if (!errors.isEmpty()) {
            throw new InvalidRequestException(errors);
        }
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
