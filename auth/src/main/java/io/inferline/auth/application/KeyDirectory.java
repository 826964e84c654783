package io.inferline.auth.application;

import io.inferline.auth.domain.ActiveKey;

import java.util.Collection;

/** The shared directory every API replica authenticates against. */
public interface KeyDirectory {

    void publish(Collection<ActiveKey> keys);

    void remove(Collection<String> sha256s);
}
