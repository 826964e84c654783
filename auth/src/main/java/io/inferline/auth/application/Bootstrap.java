package io.inferline.auth.application;

import io.inferline.auth.config.BootstrapProperties;
import io.inferline.auth.domain.ApiKeys;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Seeds the first tenant, its admin and the bootstrap API key, then publishes the key directory, all before the
 * service reports started: once it is up, the bootstrap key works. Safe to run on every start.
 */
@Singleton
public class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final BootstrapProperties properties;
    private final IdentityStore store;
    private final KeyDirectorySync directorySync;

    public Bootstrap(BootstrapProperties properties, IdentityStore store, KeyDirectorySync directorySync) {
        this.properties = properties;
        this.store = store;
        this.directorySync = directorySync;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        var tenantId = store.ensureTenant(properties.getTenant());
        store.ensureAdmin(tenantId, properties.getAdminEmail());
        String key = properties.getApiKey();
        if (key != null && !key.isBlank()) {
            store.ensureApiKey(tenantId, ApiKeys.visiblePrefix(key), ApiKeyGrant.hash(key), ApiKeys.BOOTSTRAP_SCOPES);
            LOG.info("bootstrap API key {}... is active for tenant '{}'", ApiKeys.visiblePrefix(key),
                    properties.getTenant());
        }
        directorySync.sync();
    }
}
