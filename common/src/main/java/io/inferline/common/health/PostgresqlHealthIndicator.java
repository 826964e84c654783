package io.inferline.common.health;

import io.micronaut.context.BeanContext;
import io.micronaut.context.BeanRegistration;
import io.micronaut.context.annotation.Requires;
import io.micronaut.core.annotation.Nullable;
import io.micronaut.jdbc.DataSourceResolver;
import io.micronaut.management.health.indicator.HealthIndicator;
import io.micronaut.management.health.indicator.HealthResult;
import jakarta.inject.Singleton;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import javax.sql.DataSource;
import java.sql.Connection;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Readiness of PostgreSQL as the service reaches it (through PgBouncer in every deployment): a connection from each
 * of its datasources' pools answers {@code SELECT 1}. Named {@value #NAME}, details per datasource.
 */
@Singleton
@Requires(beans = DataSource.class)
@Requires(property = "endpoints.health.enabled", notEquals = "false")
public class PostgresqlHealthIndicator implements HealthIndicator {

    public static final String NAME = "postgresql";

    private final DependencyCheck check;

    PostgresqlHealthIndicator(BeanContext context, @Nullable DataSourceResolver resolver) {
        DataSourceResolver unwrap = resolver != null ? resolver : DataSourceResolver.DEFAULT;
        this.check = new DependencyCheck(NAME, () -> {
            Map<String, Object> details = new LinkedHashMap<>();
            for (BeanRegistration<DataSource> registration : context.getBeanRegistrations(DataSource.class)) {
                String datasource = registration.getIdentifier().getName();
                try (Connection connection = unwrap.resolve(registration.getBean()).getConnection();
                     var statement = connection.createStatement()) {
                    statement.setQueryTimeout((int) DependencyCheck.TIMEOUT.toSeconds());
                    statement.execute("SELECT 1");
                    details.put(datasource, "UP");
                } catch (Exception e) {
                    throw new DependencyCheck.Down("datasource " + datasource + ": " + DependencyCheck.describe(e));
                }
            }
            return details;
        });
    }

    @Override
    public Publisher<HealthResult> getResult() {
        return Mono.fromCallable(check::check).subscribeOn(Schedulers.boundedElastic());
    }
}
