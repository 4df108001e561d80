package org.opensafeguarding.reporting.rebuild;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/** An md5 of every row of every projection table of one version, in key order, without its local columns. */
@Component
public class ProjectionChecksums {

    private final JdbcTemplate jdbc;

    public ProjectionChecksums(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public Map<String, String> of(int version) {
        String drop = String.join(" - ", ProjectionTables.LOCAL_COLUMNS.stream().map(c -> "'" + c + "'").toList());
        Map<String, String> sums = new LinkedHashMap<>();
        for (String[] table : ProjectionTables.ALL) {
            String sql = "SELECT count(*) || ':' || coalesce(md5(string_agg((to_jsonb(t) - " + drop + ")::text, '|' "
                    + "ORDER BY " + table[1] + ")), '-') FROM " + table[0] + " t WHERE projection_version = ?";
            sums.put(table[0], jdbc.queryForObject(sql, String.class, version));
        }
        return sums;
    }
}
