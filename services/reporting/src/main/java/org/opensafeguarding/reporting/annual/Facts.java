package org.opensafeguarding.reporting.annual;

import org.opensafeguarding.reporting.api.Period;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The few shapes of question the annual tables ask of the projections, for one version, tenant and period. */
final class Facts {

    private final NamedParameterJdbcTemplate jdbc;
    private final MapSqlParameterSource params;

    Facts(NamedParameterJdbcTemplate jdbc, int version, String tenant, List<String> caseTypes, Period period) {
        this.jdbc = jdbc;
        this.params = new MapSqlParameterSource().addValue("v", version).addValue("tenant", tenant)
                .addValue("caseTypes", caseTypes).addValue("from", Date.valueOf(period.from()))
                .addValue("to", Date.valueOf(period.to()));
    }

    long count(String sql) {
        Long n = jdbc.queryForObject(sql, params, Long.class);
        return n == null ? 0 : n;
    }

    /** {@code sql} selects (code, count) rows. */
    Map<String, Long> byCode(String sql) {
        Map<String, Long> out = new LinkedHashMap<>();
        jdbc.query(sql, params, rs -> {
            out.put(rs.getString(1), rs.getLong(2));
        });
        return out;
    }

    /** {@code sql} selects (start, end) day pairs. */
    List<LocalDate[]> pairs(String sql) {
        List<LocalDate[]> out = new ArrayList<>();
        jdbc.query(sql, params, rs -> {
            out.add(new LocalDate[]{rs.getDate(1).toLocalDate(), rs.getDate(2).toLocalDate()});
        });
        return out;
    }

    /** {@code sql} selects (timescale, met, decided) for deadlines due in the period. */
    List<Object[]> compliance(String sql) {
        List<Object[]> out = new ArrayList<>();
        jdbc.query(sql, params, rs -> {
            out.add(new Object[]{rs.getString(1), rs.getLong(2), rs.getLong(3)});
        });
        return out;
    }
}
