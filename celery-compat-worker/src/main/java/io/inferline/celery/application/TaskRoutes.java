package io.inferline.celery.application;

import io.inferline.celery.config.TaskRouteProperties;
import io.inferline.celery.domain.TaskRoute;
import jakarta.inject.Singleton;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The task names this worker runs: {@code inferline.infer} and those configured in {@code inferline.celery.tasks}. */
@Singleton
public class TaskRoutes {

    private final Map<String, TaskRoute> byName = new LinkedHashMap<>();

    public TaskRoutes(List<TaskRouteProperties> configured) {
        byName.put(TaskRoute.BUILT_IN, TaskRoute.builtIn());
        for (TaskRouteProperties properties : configured) {
            TaskRoute route = properties.toRoute();
            byName.put(route.name(), route);
        }
    }

    public Optional<TaskRoute> find(String taskName) {
        return Optional.ofNullable(byName.get(taskName));
    }

    public List<String> names() {
        return List.copyOf(byName.keySet());
    }
}
