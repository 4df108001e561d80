package org.opensafeguarding.reporting.projection;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Appends rows with {@code COPY ... FROM STDIN} on the transaction's connection. Every event adds a timeline row, so
 * that insert is the largest write of a replay; COPY skips the statement planning and parameter binding of a
 * multi-row INSERT. It appends only (no ON CONFLICT): for rows the sequence gate lets through exactly once.
 */
final class CopyRows {

    private CopyRows() {
    }

    /** @param rows values in {@code columns} order: numbers, strings, {@link java.sql.Date}s or nulls */
    static void append(JdbcTemplate jdbc, String table, String columns, List<Object[]> rows) {
        if (rows.isEmpty()) {
            return;
        }
        StringBuilder text = new StringBuilder(rows.size() * 200);
        for (Object[] row : rows) {
            for (int i = 0; i < row.length; i++) {
                if (i > 0) {
                    text.append('\t');
                }
                value(text, row[i]);
            }
            text.append('\n');
        }
        jdbc.execute((ConnectionCallback<Long>) con -> {
            try {
                return con.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY " + table + " (" + columns + ") FROM STDIN", new StringReader(text.toString()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    /** COPY's text format: {@code \N} is null; backslash, tab, newline and carriage return are escaped. */
    private static void value(StringBuilder text, Object value) {
        if (value == null) {
            text.append("\\N");
            return;
        }
        String s = value.toString(); // a java.sql.Date prints as yyyy-mm-dd, read the same under any DateStyle
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
    }
}
