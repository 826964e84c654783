package io.inferline.modelmgmt.adapter.http;

import io.inferline.common.error.InvalidRequestException;
import io.inferline.common.error.NotFoundException;
import io.inferline.contracts.v1.models.AliasSpec;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.RegistryChange;
import io.inferline.contracts.v1.models.TenantPolicySpec;
import io.inferline.modelmgmt.application.RegistryService;
import io.inferline.routing.adapter.redis.RedisCircuits;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.http.HttpHeaders;
import io.micronaut.http.HttpStatus;
import io.micronaut.http.annotation.Body;
import io.micronaut.http.annotation.Controller;
import io.micronaut.http.annotation.Delete;
import io.micronaut.http.annotation.Get;
import io.micronaut.http.annotation.Header;
import io.micronaut.http.annotation.Put;
import io.micronaut.http.annotation.Status;
import io.micronaut.scheduling.TaskExecutors;
import io.micronaut.scheduling.annotation.ExecuteOn;
import io.micronaut.serde.annotation.Serdeable;
import io.micronaut.serde.config.naming.SnakeCaseStrategy;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The registry's admin API: models (with their versions), aliases and tenant policies, each put whole and
 * answered with the stored entry and its revision; circuits of model versions opened and closed by hand. Invalid
 * input is 400 naming every field at fault; an alias naming a model or version that does not exist is 422. Every
 * write needs an admin ({@link RegistryAdmins}); reads are open to the services inside the mesh.
 */
@Controller("/v1/admin")
@ExecuteOn(TaskExecutors.BLOCKING)
class RegistryController {

    private final RegistryService registry;
    private final Optional<RedisCircuits> circuits;
    private final RegistryAdmins admins;

    RegistryController(RegistryService registry, Optional<RedisCircuits> circuits, RegistryAdmins admins) {
        this.registry = registry;
        this.circuits = circuits;
        this.admins = admins;
    }

    @Put("/models/{name}")
    RegistryChange putModel(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                            String name, @Body ModelSpec model) {
        admins.require(authorization);
        return registry.putModel(name, model);
    }

    @Get("/models")
    List<RegistryChange> models() {
        return registry.list(RegistryChange.MODEL);
    }

    @Get("/models/{name}")
    RegistryChange model(String name) {
        return registry.get(RegistryChange.MODEL, name);
    }

    @Delete("/models/{name}")
    @Status(HttpStatus.NO_CONTENT)
    void deleteModel(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String name) {
        admins.require(authorization);
        registry.delete(RegistryChange.MODEL, name);
    }

    @Put("/aliases/{name}")
    RegistryChange putAlias(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                            String name, @Body AliasSpec alias) {
        admins.require(authorization);
        return registry.putAlias(name, alias);
    }

    @Get("/aliases")
    List<RegistryChange> aliases() {
        return registry.list(RegistryChange.ALIAS);
    }

    @Get("/aliases/{name}")
    RegistryChange alias(String name) {
        return registry.get(RegistryChange.ALIAS, name);
    }

    @Delete("/aliases/{name}")
    @Status(HttpStatus.NO_CONTENT)
    void deleteAlias(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String name) {
        admins.require(authorization);
        registry.delete(RegistryChange.ALIAS, name);
    }

    @Put("/tenant-policies/{tenant}")
    RegistryChange putTenantPolicy(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                                   String tenant, @Body TenantPolicySpec policy) {
        admins.require(authorization);
        return registry.putTenantPolicy(tenant, policy);
    }

    @Get("/tenant-policies/{tenant}")
    RegistryChange tenantPolicy(String tenant) {
        return registry.get(RegistryChange.TENANT_POLICY, tenant);
    }

    @Delete("/tenant-policies/{tenant}")
    @Status(HttpStatus.NO_CONTENT)
    void deleteTenantPolicy(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String tenant) {
        admins.require(authorization);
        registry.delete(RegistryChange.TENANT_POLICY, tenant);
    }

    /** Body of {@code PUT .../circuit}: how long the circuit stays open (1 to 86400 s). */
    @Serdeable(naming = SnakeCaseStrategy.class)
    record OpenCircuit(@Nullable Integer openSeconds) {
    }

    @Put("/models/{name}/versions/{version}/circuit")
    @Status(HttpStatus.NO_CONTENT)
    void openCircuit(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization,
                     String name, String version, @Body OpenCircuit body) {
        admins.require(authorization);
        if (body.openSeconds() == null || body.openSeconds() < 1 || body.openSeconds() > 86_400) {
            throw new InvalidRequestException("open_seconds", "an integer from 1 to 86400");
        }
        existing(name, version);
        circuits().open(name, version, Duration.ofSeconds(body.openSeconds()));
    }

    @Delete("/models/{name}/versions/{version}/circuit")
    @Status(HttpStatus.NO_CONTENT)
    void closeCircuit(@Nullable @Header(HttpHeaders.AUTHORIZATION) String authorization, String name, String version) {
        admins.require(authorization);
        existing(name, version);
        circuits().close(name, version);
    }

    private void existing(String name, String version) {
        var model = registry.get(RegistryChange.MODEL, name).model();
        if (model.versions().stream().noneMatch(v -> v.version().equals(version))) {
            throw new NotFoundException("version", name + "@" + version);
        }
    }

    private RedisCircuits circuits() {
        return circuits.orElseThrow(() -> new io.inferline.common.error.ServiceUnavailableException(
                "circuit states live in Redis, which this service is not configured for", null));
    }
}
