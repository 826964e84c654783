package io.inferline.api.domain;

/** What an API key may do; {@code admin} may do everything. */
public enum Scope {
    JOBS_READ("jobs:read"), JOBS_WRITE("jobs:write"), MODELS_READ("models:read"), ADMIN("admin");

    private final String name;

    Scope(String name) {
        this.name = name;
    }

    public String wireName() {
        return name;
    }
}
