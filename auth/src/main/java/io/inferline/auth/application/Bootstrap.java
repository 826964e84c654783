package io.inferline.auth.application;

import io.inferline.auth.config.BootstrapProperties;
import io.inferline.auth.domain.ApiKeys;
import io.inferline.auth.domain.Passwords;
import io.inferline.contracts.v1.auth.ApiKeyGrant;
import io.micronaut.context.event.StartupEvent;
import io.micronaut.runtime.event.annotation.EventListener;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Locale;

/**
 * Seeds the first tenant, its admin (and their first password), a signing key and the bootstrap API key, then
 * publishes the key directory, all before the
 * service reports started: once it is up, the bootstrap key works. Safe to run on every start.
 */
@Singleton
public class Bootstrap {

    private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

    private final BootstrapProperties properties;
    private final IdentityStore store;
    private final KeyDirectorySync directorySync;
    private final UserStore users;
    private final SigningKeys signingKeys;

    public Bootstrap(BootstrapProperties properties, IdentityStore store, KeyDirectorySync directorySync,
                     UserStore users, SigningKeys signingKeys) {
        this.properties = properties;
        this.store = store;
        this.directorySync = directorySync;
        this.users = users;
        this.signingKeys = signingKeys;
    }

    @EventListener
    void onStartup(StartupEvent event) {
        var tenantId = store.ensureTenant(properties.getTenant());
        String adminEmail = properties.getAdminEmail().strip().toLowerCase(Locale.ROOT);
        store.ensureAdmin(tenantId, adminEmail);
        String password = properties.getAdminPassword();
        if (password != null && !password.isEmpty()) {
            users.setPasswordIfNone(adminEmail, Passwords.hash(password));
        }
        signingKeys.ensure();
        String key = properties.getApiKey();
        if (key != null && !key.isBlank()) {
            store.ensureApiKey(tenantId, ApiKeys.visiblePrefix(key), ApiKeyGrant.hash(key), ApiKeys.BOOTSTRAP_SCOPES);
            LOG.info("bootstrap API key {}... is active for tenant '{}'", ApiKeys.visiblePrefix(key),
                    properties.getTenant());
        }
        directorySync.sync();
    }
}
