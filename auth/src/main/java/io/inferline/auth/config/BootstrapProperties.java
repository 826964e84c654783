package io.inferline.auth.config;

import io.micronaut.context.annotation.ConfigurationProperties;
import io.micronaut.core.annotation.Nullable;

/**
 * What auth creates on an empty installation ({@code inferline.auth.bootstrap.*}): a tenant, its admin (with the
 * password {@code INFERLINE_BOOTSTRAP_ADMIN_PASSWORD}, if set) and, when {@code INFERLINE_BOOTSTRAP_API_KEY} is set,
 * that API key for the tenant.
 */
@ConfigurationProperties(BootstrapProperties.PREFIX)
public class BootstrapProperties {

    public static final String PREFIX = "inferline.auth.bootstrap";

    /** Name of the first tenant. Default {@code default}. */
    private String tenant = "default";

    /** Email of the first tenant's admin. Default {@code admin@inferline.local}. */
    private String adminEmail = "admin@inferline.local";

    /** The first admin's password, set if the admin has none yet; from the environment only. */
    @Nullable
    private String adminPassword;

    /** An API key to create for the first tenant; from the environment only. */
    @Nullable
    private String apiKey;

    public String getTenant() {
        return tenant;
    }

    public void setTenant(String tenant) {
        this.tenant = tenant;
    }

    public String getAdminEmail() {
        return adminEmail;
    }

    public void setAdminEmail(String adminEmail) {
        this.adminEmail = adminEmail;
    }

    @Nullable
    public String getAdminPassword() {
        return adminPassword;
    }

    public void setAdminPassword(@Nullable String adminPassword) {
        this.adminPassword = adminPassword;
    }

    @Nullable
    public String getApiKey() {
        return apiKey;
    }

    public void setApiKey(@Nullable String apiKey) {
        this.apiKey = apiKey;
    }
}
