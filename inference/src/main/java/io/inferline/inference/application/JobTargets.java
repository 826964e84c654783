package io.inferline.inference.application;

import io.inferline.backends.domain.BackendTarget;
import io.inferline.contracts.v1.events.JobRequested;
import io.inferline.contracts.v1.models.ModelSpec;
import io.inferline.contracts.v1.models.ModelVersionSpec;
import io.inferline.routing.application.RegistryView;
import jakarta.inject.Singleton;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.Optional;

/**
 * Where a job runs, from this worker's copy of the registry: the version routing chose ({@code modelVersion}), else
 * the model's default version, else its newest active one; the job's own backend kind picks the adapter. A model
 * the registry does not know runs on its backend without an endpoint (the in-process backends need none). Before
 * its first answer it waits, once, for the registry topic to be read up to where it ended at start-up.
 */
@Singleton
public class JobTargets {

    private static final Logger LOG = LoggerFactory.getLogger(JobTargets.class);
    private static final Duration FIRST_LOAD = Duration.ofSeconds(15);

    private final RegistryView registry;
    private volatile boolean loaded;

    public JobTargets(RegistryView registry) {
        this.registry = registry;
    }

    public BackendTarget forJob(JobRequested request) throws InterruptedException {
        awaitRegistry();
        Optional<ModelSpec> model = registry.current().model(request.model());
        if (model.isEmpty()) {
            return BackendTarget.local(request.backend(), "chat");
        }
        ModelVersionSpec version = version(model.get(), request.modelVersion());
        if (version == null) {
            return BackendTarget.local(request.backend(), model.get().task());
        }
        BackendTarget registered = BackendTarget.of(model.get(), version);
        return new BackendTarget(request.backend(), registered.task(), registered.endpoint(), registered.upstreamModel(),
                registered.timeout(), registered.version());
    }

    private static ModelVersionSpec version(ModelSpec model, String wanted) {
        if (model.versions() == null || model.versions().isEmpty()) {
            return null;
        }
        for (String name : new String[] {wanted, model.defaultVersion()}) {
            if (name != null) {
                for (ModelVersionSpec version : model.versions()) {
                    if (name.equals(version.version())) {
                        return version;
                    }
                }
            }
        }
        return model.versions().reversed().stream()
                .filter(v -> v.status() == null || ModelVersionSpec.ACTIVE.equals(v.status()))
                .findFirst().orElse(model.versions().getLast());
    }

    private void awaitRegistry() throws InterruptedException {
        if (!loaded) {
            loaded = registry.awaitLoaded(FIRST_LOAD);
            if (!loaded) {
                LOG.warn("the registry topic was not read within {} s: running with the models known so far",
                        FIRST_LOAD.toSeconds());
                loaded = true;
            }
        }
    }
}
