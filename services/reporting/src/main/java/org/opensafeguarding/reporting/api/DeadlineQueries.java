package org.opensafeguarding.reporting.api;

import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.opensafeguarding.reporting.projection.WorkingDays;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Date;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Deadlines as managers watch them. RAG today: red when past its due date or breached, amber from
 * {@code reporting.amber-working-days} working days before it, green before that; only live deadlines (open, or
 * breached while the case is still open) have one. "Today" is the London day of the service clock.
 */
@Component
public class DeadlineQueries {

    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionVersions versions;
    private final WorkingDays workingDays;
    private final ReportingProperties properties;
    private final Clock clock;

    public DeadlineQueries(NamedParameterJdbcTemplate jdbc, ProjectionVersions versions, WorkingDays workingDays,
                           ReportingProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.workingDays = workingDays;
        this.properties = properties;
        this.clock = clock;
    }

    public LocalDate today() {
        return LocalDate.now(clock.withZone(LONDON));
    }

    private MapSqlParameterSource params(ReportScope.Scope scope, String timescale) {
        LocalDate today = today();
        LocalDate amberFrom = workingDays.calendar().supports(today)
                ? workingDays.calendar().addWorkingDays(today, properties.amberWorkingDays())
                : today.plusDays(properties.amberWorkingDays());
        return new MapSqlParameterSource().addValue("v", versions.active()).addValue("tenant", scope.tenant())
                .addValue("caseTypes", scope.caseTypes()).addValue("timescale", timescale)
                .addValue("today", Date.valueOf(today)).addValue("amber", Date.valueOf(amberFrom));
    }

    private static final String RAG = "CASE WHEN NOT (d.state = 'OPEN' OR (d.state = 'BREACHED' AND c.closed_on IS NULL)) "
            + "THEN NULL WHEN d.state = 'BREACHED' OR d.due_on < :today THEN 'RED' "
            + "WHEN d.due_on <= :amber THEN 'AMBER' ELSE 'GREEN' END";

    private static final String FROM = " FROM deadline d JOIN case_summary c ON c.projection_version = d.projection_version "
            + "AND c.case_pseudonym = d.case_pseudonym WHERE d.projection_version = :v AND d.tenant = :tenant "
            + "AND d.case_type IN (:caseTypes) AND (CAST(:timescale AS VARCHAR) IS NULL OR d.timescale = :timescale) ";

    /** @param status open (live: open or breached-not-closed), due (amber), overdue (red), met, breached, lapsed, all */
    public ReportTable list(ReportScope.Scope scope, String timescale, String status, int limit) {
        String where = switch (status) {
            case "open" -> "AND " + RAG + " IS NOT NULL ";
            case "due" -> "AND " + RAG + " = 'AMBER' ";
            case "overdue" -> "AND " + RAG + " = 'RED' ";
            case "met", "breached", "lapsed" -> "AND d.state = '" + status.toUpperCase() + "' ";
            case "all" -> "";
            default -> throw ReportingProblem.invalid("status", "enum",
                    "status must be one of open, due, overdue, met, breached, lapsed, all.");
        };
        LocalDate today = today();
        List<List<Object>> rows = new ArrayList<>();
        jdbc.query("SELECT d.case_pseudonym, d.case_type, d.timescale, d.due_on, d.state, d.closed_on, d.days_early, "
                + RAG + " AS rag" + FROM + where + "ORDER BY d.due_on, d.case_pseudonym, d.timescale LIMIT :limit",
                params(scope, timescale).addValue("limit", limit), rs -> {
                    LocalDate due = rs.getDate("due_on").toLocalDate();
                    String rag = rs.getString("rag");
                    Object early = rs.getObject("days_early");
                    if (early == null && "RED".equals(rag)) {
                        Integer late = workingDays.between(due, today);
                        early = late == null ? null : -late;
                    }
                    rows.add(Arrays.asList(rs.getString("case_pseudonym"), Team.of(rs.getString("case_type")),
                            rs.getString("case_type"), rs.getString("timescale"), due.toString(),
                            rs.getString("state"), rag, early,
                            rs.getDate("closed_on") == null ? null : rs.getDate("closed_on").toString()));
                });
        return ReportTable.of("deadlines", List.of(ReportTable.Column.key("case"), ReportTable.Column.key("team"),
                        ReportTable.Column.key("caseType"), ReportTable.Column.key("timescale"),
                        ReportTable.Column.key("dueOn"), ReportTable.Column.key("state"), ReportTable.Column.key("rag"),
                        ReportTable.Column.key("workingDaysEarly"), ReportTable.Column.key("closedOn")), rows)
                .note("today", today.toString()).note("truncated", rows.size() >= limit);
    }

    /** Live deadlines counted by team, case type and timescale, split by RAG today. */
    public ReportTable summary(ReportScope.Scope scope, String timescale) {
        List<List<Object>> rows = new ArrayList<>();
        jdbc.query("SELECT d.case_type, d.timescale, "
                + "count(*) FILTER (WHERE " + RAG + " = 'GREEN') AS green, "
                + "count(*) FILTER (WHERE " + RAG + " = 'AMBER') AS amber, "
                + "count(*) FILTER (WHERE " + RAG + " = 'RED') AS red, "
                + "count(*) FILTER (WHERE " + RAG + " IS NOT NULL) AS live" + FROM
                + "GROUP BY d.case_type, d.timescale HAVING count(*) FILTER (WHERE " + RAG + " IS NOT NULL) > 0 "
                + "ORDER BY d.case_type, d.timescale", params(scope, timescale), rs -> {
                    rows.add(List.of(Team.of(rs.getString("case_type")), rs.getString("case_type"),
                            rs.getString("timescale"), rs.getLong("green"), rs.getLong("amber"), rs.getLong("red"),
                            rs.getLong("live")));
                });
        rows.sort((a, b) -> (a.get(0) + "|" + a.get(1) + "|" + a.get(2)).compareTo(b.get(0) + "|" + b.get(1) + "|" + b.get(2)));
        return ReportTable.of("deadline-summary", List.of(ReportTable.Column.key("team"),
                        ReportTable.Column.key("caseType"), ReportTable.Column.key("timescale"),
                        ReportTable.Column.part("green", "live"), ReportTable.Column.part("amber", "live"),
                        ReportTable.Column.part("red", "live"), ReportTable.Column.count("live")), rows)
                .note("today", today().toString());
    }
}
