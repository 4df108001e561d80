package org.opensafeguarding.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.stereotype.Component;

/**
 * Reads of the history table (ended instance trees) for searches and lookups by key. Called from request
 * threads, never from the processing thread: a slow history read delays one search, not the engine.
 */
@Component
public class HistoryStore {

    private final DataSource dataSource;

    public HistoryStore(DataSource dataSource) {
        this.dataSource = dataSource;
    }

    /**
     * What a search asks of the history table: the kind, maybe one instance, and containment conditions on the
     * result document (each a list of alternative JSON documents, any of which may match).
     */
    public record Query(RecordKind kind, Long processInstanceKey, List<List<String>> containments,
                        boolean excludeRootScopes) {
    }

    public record Hit(long key, String body) {
    }

    /** Up to {@code limit} matching rows in key order, starting after {@code afterKey} (exclusive) if given. */
    public List<Hit> page(Query query, Long afterKey, boolean descending, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT record_key, body::text FROM engine_history WHERE ");
        where(query, sql, params);
        if (afterKey != null) {
            sql.append(descending ? " AND record_key < ?" : " AND record_key > ?");
            params.add(afterKey);
        }
        sql.append(" ORDER BY record_key ").append(descending ? "DESC" : "ASC").append(" LIMIT ?");
        params.add(limit);
        List<Hit> hits = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            bind(s, params);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    hits.add(new Hit(rows.getLong(1), rows.getString(2)));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not search the engine history", e);
        }
        return hits;
    }

    /** The records themselves (as engine_record held them) of up to {@code limit} matching rows, in key order. */
    public List<String> records(Query query, int limit) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT record FROM engine_history WHERE ");
        where(query, sql, params);
        sql.append(" ORDER BY record_key LIMIT ?");
        params.add(limit);
        List<String> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            bind(s, params);
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    records.add(rows.getString(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the engine history", e);
        }
        return records;
    }

    /** How many rows match, counting no further than {@code cap}. */
    public long count(Query query, long cap) {
        List<Object> params = new ArrayList<>();
        StringBuilder sql = new StringBuilder("SELECT count(*) FROM (SELECT 1 FROM engine_history WHERE ");
        where(query, sql, params);
        sql.append(" LIMIT ?) capped");
        params.add(cap);
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(sql.toString())) {
            bind(s, params);
            try (ResultSet rows = s.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not count the engine history", e);
        }
    }

    /** The search documents of the variables of these scopes, by scope key. */
    public Map<Long, List<String>> variablesOfScopes(Collection<Long> scopeKeys) {
        Map<Long, List<String>> byScope = new HashMap<>();
        if (scopeKeys.isEmpty()) {
            return byScope;
        }
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT scope_key, body::text FROM engine_history WHERE scope_key = ANY (?) AND kind = 'VARIABLE'")) {
            s.setArray(1, c.createArrayOf("bigint", scopeKeys.toArray()));
            try (ResultSet rows = s.executeQuery()) {
                while (rows.next()) {
                    byScope.computeIfAbsent(rows.getLong(1), k -> new ArrayList<>()).add(rows.getString(2));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read variables from the engine history", e);
        }
        return byScope;
    }

    /** The search document of one ended record. */
    public Optional<String> body(RecordKind kind, long key) {
        return column("body::text", kind, key);
    }

    /** The record itself (as engine_record held it) of one ended record. */
    public Optional<String> record(RecordKind kind, long key) {
        return column("record", kind, key);
    }

    private Optional<String> column(String column, RecordKind kind, long key) {
        try (Connection c = dataSource.getConnection(); PreparedStatement s = c.prepareStatement(
                "SELECT " + column + " FROM engine_history WHERE kind = ? AND record_key = ?")) {
            s.setString(1, kind.name());
            s.setLong(2, key);
            try (ResultSet rows = s.executeQuery()) {
                return rows.next() ? Optional.ofNullable(rows.getString(1)) : Optional.empty();
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the engine history", e);
        }
    }

    private static void where(Query query, StringBuilder sql, List<Object> params) {
        sql.append("kind = ?");
        params.add(query.kind().name());
        if (query.processInstanceKey() != null) {
            sql.append(" AND process_instance_key = ?");
            params.add(query.processInstanceKey());
        }
        if (query.excludeRootScopes()) {
            sql.append(" AND record_key <> process_instance_key");
        }
        for (List<String> alternatives : query.containments()) {
            sql.append(" AND (");
            for (int i = 0; i < alternatives.size(); i++) {
                sql.append(i == 0 ? "" : " OR ").append("body @> ?::jsonb");
                params.add(alternatives.get(i));
            }
            sql.append(')');
        }
    }

    private static void bind(PreparedStatement s, List<Object> params) throws SQLException {
        for (int i = 0; i < params.size(); i++) {
            Object value = params.get(i);
            if (value instanceof Long number) {
                s.setLong(i + 1, number);
            } else if (value instanceof Integer number) {
                s.setInt(i + 1, number);
            } else {
                s.setString(i + 1, (String) value);
            }
        }
    }
}
