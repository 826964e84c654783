package io.inferline.api.application;

import io.inferline.api.domain.Caller;

import java.util.Optional;

/** Looks up the caller an API key stands for, by the key's SHA-256. */
public interface ApiKeyDirectory {

    Optional<Caller> find(String keySha256Hex);
}
