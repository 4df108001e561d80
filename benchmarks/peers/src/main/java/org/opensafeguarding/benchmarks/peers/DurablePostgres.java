package org.opensafeguarding.benchmarks.peers;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * A PostgreSQL server of its own per engine, durable as the standalone engine's (services/engine
 * DurableEmbeddedPostgres): zonky starts the server with {@code -F} (fsync off) and {@code synchronous_commit=off}
 * for tests; both are turned back on, and read back with {@code SHOW} so no figure is taken without them.
 */
final class DurablePostgres {

    private DurablePostgres() {
    }

    static EmbeddedPostgres start(String name) throws Exception {
        Path folder = Files.createTempDirectory("peers-pg-" + name);
        EmbeddedPostgres server = EmbeddedPostgres.builder().setDataDirectory(folder).setCleanDataDirectory(true)
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "100")
                .start();
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    if (!"on".equals(rs.getString(1))) {
                        server.close();
                        throw new IllegalStateException(name + "'s PostgreSQL runs with " + setting + "="
                                + rs.getString(1));
                    }
                }
            }
        }
        return server;
    }

    static String jdbcUrl(EmbeddedPostgres server) {
        return server.getJdbcUrl("postgres", "postgres");
    }
}
