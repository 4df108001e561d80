package org.opensafeguarding.engine.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * The engine's own database. Order of precedence: {@code engine.datasource.url}; when standalone also the
 * {@code ENGINE_DB_URL} variable and {@code spring.datasource.*}; otherwise an embedded PostgreSQL whose files
 * stay in {@code engine.data-directory} across restarts.
 */
@Configuration(proxyBeanMethods = false)
public class EngineDataSourceConfiguration {

    private static final Logger LOG = LoggerFactory.getLogger(EngineDataSourceConfiguration.class);

    @Bean(destroyMethod = "close")
    EngineDatabase engineDatabase(EngineProperties properties, Environment environment) {
        EngineProperties.Datasource configured = properties.getDatasource();
        String url = configured.getUrl();
        String user = configured.getUsername();
        String password = configured.getPassword();
        if (url == null && !properties.isEmbedded()) {
            url = environment.getProperty("ENGINE_DB_URL", environment.getProperty("spring.datasource.url"));
            user = environment.getProperty("ENGINE_DB_USER", environment.getProperty("spring.datasource.username"));
            password = environment.getProperty("ENGINE_DB_PASSWORD",
                    environment.getProperty("spring.datasource.password"));
        }
        if (url != null && !url.isBlank()) {
            return new EngineDatabase(pool(url, user, password, configured), null);
        }
        EmbeddedPostgres postgres = startEmbedded(Path.of(properties.getDataDirectory()));
        String embeddedUrl = postgres.getJdbcUrl("postgres", "postgres");
        return new EngineDatabase(pool(embeddedUrl, "postgres", "postgres", configured), postgres);
    }

    @Bean
    DataSource engineDataSource(EngineDatabase database) {
        DataSource dataSource = database.dataSource();
        Flyway.configure()
                .dataSource(dataSource)
                .locations("classpath:db/engine-migration")
                .table("engine_schema_history")
                .load()
                .migrate();
        return dataSource;
    }

    private static HikariDataSource pool(String url, String user, String password,
                                         EngineProperties.Datasource settings) {
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl(url);
        config.setUsername(user);
        config.setPassword(password);
        config.setMaximumPoolSize(settings.getMaximumPoolSize());
        // fail fast when the database is gone: the processor refuses and retries rather than hanging its callers
        long timeout = settings.getConnectionTimeout().toMillis();
        config.setConnectionTimeout(timeout);
        config.setValidationTimeout(Math.max(250, Math.min(1000, timeout / 2)));
        config.setPoolName("engine-db");
        // a group commit writes many rows; let the driver send them as multi-row statements
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        return new HikariDataSource(config);
    }

    private static EmbeddedPostgres startEmbedded(Path folder) {
        LOG.info("No engine database configured; starting embedded PostgreSQL in {}", folder.toAbsolutePath());
        // a command the engine acknowledges must be on disk, and a crash of the last run must not block this one
        return DurableEmbeddedPostgres.start(folder, builder -> { });
    }

    /** The pool and, when the engine started it, the embedded server; closed together on shutdown. */
    public record EngineDatabase(HikariDataSource dataSource, EmbeddedPostgres embedded) implements AutoCloseable {
        @Override
        public void close() throws IOException {
            dataSource.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
