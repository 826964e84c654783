package io.inferline.backends.domain;

/** A registry model version a backend endpoint serves: what an open circuit is published for. */
public record ServedVersion(String model, String version) {
}
