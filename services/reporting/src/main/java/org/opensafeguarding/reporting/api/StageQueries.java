package org.opensafeguarding.reporting.api;

import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.Date;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * How long each stage took, in working days from task created to task completed (the business date of the
 * completion when the form carries one), by the period the stage was completed in.
 */
@Component
public class StageQueries {

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionVersions versions;

    public StageQueries(NamedParameterJdbcTemplate jdbc, ProjectionVersions versions) {
        this.jdbc = jdbc;
        this.versions = versions;
    }

    public ReportTable durations(ReportScope.Scope scope, Period period, String grain, String taskType) {
        String bucket = switch (grain) {
            case "month" -> "to_char(s.completed_on, 'YYYY-MM')";
            case "quarter" -> "to_char(s.completed_on, 'YYYY-\"Q\"Q')";
            case "year" -> "to_char(s.completed_on, 'YYYY')";
            case "financial-year" -> "CASE WHEN extract(month FROM s.completed_on) >= 4 "
                    + "THEN 'FY' || to_char(s.completed_on, 'YYYY') ELSE 'FY' || (extract(year FROM s.completed_on)::int - 1) END";
            case "all" -> ":from || '/' || :to";
            default -> throw ReportingProblem.invalid("period", "enum",
                    "period must be one of month, quarter, year, financial-year, all.");
        };
        MapSqlParameterSource params = new MapSqlParameterSource().addValue("v", versions.active())
                .addValue("tenant", scope.tenant()).addValue("caseTypes", scope.caseTypes())
                .addValue("taskType", taskType).addValue("fromDate", Date.valueOf(period.from()))
                .addValue("toDate", Date.valueOf(period.to())).addValue("from", period.from().toString())
                .addValue("to", period.to().toString());
        List<List<Object>> rows = new ArrayList<>();
        jdbc.query("SELECT " + bucket + " AS bucket, s.case_type, s.task_type, count(*) AS completed, "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY s.working_days) AS median, "
                + "percentile_cont(0.9) WITHIN GROUP (ORDER BY s.working_days) AS p90 "
                + "FROM stage s WHERE s.projection_version = :v AND s.tenant = :tenant AND s.case_type IN (:caseTypes) "
                + "AND s.state = 'COMPLETED' AND s.working_days IS NOT NULL "
                + "AND s.completed_on BETWEEN :fromDate AND :toDate "
                + "AND (CAST(:taskType AS VARCHAR) IS NULL OR s.task_type = :taskType) "
                + "GROUP BY 1, s.case_type, s.task_type ORDER BY 1, s.case_type, s.task_type", params, rs -> {
                    rows.add(Arrays.asList(rs.getString("bucket"), Team.of(rs.getString("case_type")),
                            rs.getString("case_type"), rs.getString("task_type"), rs.getLong("completed"),
                            round(rs.getBigDecimal("median")), round(rs.getBigDecimal("p90"))));
                });
        return ReportTable.of("stage-durations", List.of(ReportTable.Column.key("period"),
                        ReportTable.Column.key("team"), ReportTable.Column.key("caseType"),
                        ReportTable.Column.key("taskType"), ReportTable.Column.count("completed"),
                        ReportTable.Column.measure("medianWorkingDays", "completed"),
                        ReportTable.Column.measure("p90WorkingDays", "completed")), rows)
                .note("from", period.from().toString()).note("to", period.to().toString());
    }

    static BigDecimal round(BigDecimal value) {
        return value == null ? null : value.setScale(1, RoundingMode.HALF_UP);
    }
}
