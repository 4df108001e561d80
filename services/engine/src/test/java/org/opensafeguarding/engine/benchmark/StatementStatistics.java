package org.opensafeguarding.engine.benchmark;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * PostgreSQL's own account of where its time went ({@code -Dbench.pgStatements=true}): the statements of the engine
 * by total execution time, from {@code pg_stat_statements}, reset before the first run. It explains the database's
 * share of a benchmark's CPU statement by statement (the history move against the upserts, say). Each measured
 * window is reset at its start and printed at its end.
 */
final class StatementStatistics {

    private final EmbeddedPostgres postgres;

    private StatementStatistics(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    static StatementStatistics start(EmbeddedPostgres postgres) throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE EXTENSION IF NOT EXISTS pg_stat_statements");
        }
        return new StatementStatistics(postgres);
    }

    void reset() throws SQLException {
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            s.execute("SELECT pg_stat_statements_reset()");
        }
    }

    /** The top statements of the window, with their time per instance completed in it. */
    void print(String run, long instances) throws SQLException {
        System.out.printf("%s: PostgreSQL statements by total execution time (%d instances completed)%n", run,
                instances);
        System.out.println("   total ms |    calls |   rows | us/instance | statement");
        try (Connection c = postgres.getPostgresDatabase().getConnection(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT total_exec_time, calls, rows, query FROM pg_stat_statements "
                     + "ORDER BY total_exec_time DESC LIMIT 12")) {
            while (r.next()) {
                double total = r.getDouble(1);
                String query = r.getString(4).replaceAll("\\s+", " ");
                System.out.printf(Locale.ROOT, "%11.0f | %8d | %6d | %11.1f | %s%n", total, r.getLong(2),
                        r.getLong(3), instances == 0 ? 0 : total * 1000 / instances,
                        query.length() > 110 ? query.substring(0, 110) + "…" : query);
            }
        }
    }
}
