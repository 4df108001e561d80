package org.opensafeguarding.local;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.opensafeguarding.engine.config.DurableEmbeddedPostgres;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * A real PostgreSQL server (binaries from Maven) whose data folder outlives the process, so the local
 * stack finds yesterday's cases today. Each service gets its own database, as it would in production.
 */
final class LocalPostgres implements AutoCloseable {

    static final String USER = "postgres";

    private final EmbeddedPostgres server;

    private LocalPostgres(EmbeddedPostgres server) {
        this.server = server;
    }

    static LocalPostgres start(Path dataDirectory, int port) {
        // durable, and able to take over from a server left running by a stack that was killed
        EmbeddedPostgres server = DurableEmbeddedPostgres.start(dataDirectory, builder -> builder
                .setPort(port)
                // a laptop's case data: reachable from this machine only
                .setServerConfig("listen_addresses", "127.0.0.1")
                // the stack closes the server itself, after the services that use it
                .setRegisterShutdownHook(false));
        return new LocalPostgres(server);
    }

    /** Creates the database unless it exists, and returns its JDBC URL. */
    String database(String name) throws SQLException {
        try (Connection c = server.getPostgresDatabase().getConnection()) {
            boolean exists;
            try (PreparedStatement q = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                q.setString(1, name);
                try (ResultSet rs = q.executeQuery()) {
                    exists = rs.next();
                }
            }
            if (!exists) {
                try (Statement s = c.createStatement()) {
                    s.execute("CREATE DATABASE \"" + name + "\"");
                }
            }
        }
        return server.getJdbcUrl(USER, name);
    }

    /**
     * The JDBC URL of a database for a login role of its own (made here if missing), for a service that must not
     * connect as the owner: the workflow service appends to its audit trail through a role that may do nothing else
     * to it (V8 grants the rest). Local connections are trusted, so the role needs no password.
     */
    String databaseAs(String name, String role) throws SQLException {
        database(name);
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '" + role + "') THEN "
                    + "CREATE ROLE \"" + role + "\" LOGIN; ELSE ALTER ROLE \"" + role + "\" LOGIN; END IF; END $$");
        }
        return server.getJdbcUrl(role, name);
    }

    int port() {
        return server.getPort();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
