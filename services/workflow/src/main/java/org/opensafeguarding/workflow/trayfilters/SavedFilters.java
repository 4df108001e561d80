package org.opensafeguarding.workflow.trayfilters;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** tray_filter: each person's saved tray filters. */
@Repository
class SavedFilters {

    private static final TypeReference<LinkedHashMap<String, String>> QUERY = new TypeReference<>() {
    };

    record SavedFilter(long id, String name, Map<String, String> query, Instant createdAt) {
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;

    SavedFilters(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    List<SavedFilter> of(String userId) {
        return jdbc.sql("SELECT id, name, query::text AS query, created_at FROM tray_filter WHERE user_id = :user ORDER BY name, id")
                .param("user", userId)
                .query((rs, n) -> new SavedFilter(rs.getLong("id"), rs.getString("name"), read(rs.getString("query")),
                        rs.getTimestamp("created_at").toInstant()))
                .list();
    }

    long count(String userId) {
        return jdbc.sql("SELECT count(*) FROM tray_filter WHERE user_id = :user").param("user", userId)
                .query(Long.class).single();
    }

    /** @return the new filter, or null when the person already has one of that name */
    SavedFilter insert(String userId, String name, Map<String, String> query, Instant at) {
        return jdbc.sql("""
                INSERT INTO tray_filter (user_id, name, query, created_at) VALUES (:user, :name, CAST(:query AS JSONB), :at)
                ON CONFLICT (user_id, name) DO NOTHING
                RETURNING id
                """)
                .param("user", userId).param("name", name).param("query", write(query)).param("at", Timestamp.from(at))
                .query(Long.class).optional()
                .map(id -> new SavedFilter(id, name, query, at))
                .orElse(null);
    }

    boolean delete(String userId, long id) {
        return jdbc.sql("DELETE FROM tray_filter WHERE id = :id AND user_id = :user")
                .param("id", id).param("user", userId).update() == 1;
    }

    private Map<String, String> read(String text) {
        try {
            return json.readValue(text, QUERY);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("tray_filter.query is not a flat JSON object", e);
        }
    }

    private String write(Map<String, String> query) {
        try {
            return json.writeValueAsString(query);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
