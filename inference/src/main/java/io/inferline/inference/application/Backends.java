package io.inferline.inference.application;

import io.inferline.inference.domain.Backend;
import jakarta.inject.Singleton;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Every backend adapter in this process, by kind. */
@Singleton
public class Backends {

    private final Map<String, Backend> byKind;

    public Backends(List<Backend> backends) {
        this.byKind = backends.stream().collect(Collectors.toUnmodifiableMap(Backend::kind, Function.identity()));
    }

    public Optional<Backend> get(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
