package io.inferline.backends.application;

import io.inferline.backends.domain.Backend;
import jakarta.inject.Singleton;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every backend adapter in this process, by the backend kinds it serves. */
@Singleton
public class Backends {

    private final Map<String, Backend> byKind = new HashMap<>();

    public Backends(List<Backend> backends) {
        for (Backend backend : backends) {
            for (String kind : backend.kinds()) {
                Backend earlier = byKind.putIfAbsent(kind, backend);
                if (earlier != null) {
                    throw new IllegalStateException("two backends serve kind '" + kind + "': "
                            + earlier.getClass().getSimpleName() + " and " + backend.getClass().getSimpleName());
                }
            }
        }
    }

    public Optional<Backend> get(String kind) {
        return Optional.ofNullable(byKind.get(kind));
    }
}
