package org.opensafeguarding.reporting.annual;

import org.opensafeguarding.reporting.api.Period;
import org.opensafeguarding.reporting.api.ReportTable;
import org.opensafeguarding.reporting.api.ReportingProblem;
import org.opensafeguarding.reporting.api.Team;
import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.opensafeguarding.reporting.projection.WorkingDays;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;

/**
 * The annual-report tables of DOMAIN §5.9 (LADO), §4.8 (CDOP) and §3.12 (SCR / CSPR), as far as the events carry
 * the facts. Each metric id is defined in docs/reporting.md; keep the two in step.
 */
@Component
public class AnnualTables {

    private final NamedParameterJdbcTemplate jdbc;
    private final ProjectionVersions versions;
    private final WorkingDays workingDays;

    public AnnualTables(NamedParameterJdbcTemplate jdbc, ProjectionVersions versions, WorkingDays workingDays) {
        this.jdbc = jdbc;
        this.versions = versions;
        this.workingDays = workingDays;
    }

    public static Team teamOf(String process) {
        return switch (process) {
            case "lado" -> Team.LADO;
            case "cdop" -> Team.CDOP;
            case "review" -> Team.REVIEW;
            default -> throw ReportingProblem.invalid("process", "enum", "process must be one of lado, cdop, review.");
        };
    }

    public ReportTable table(String process, String tenant, Period period) {
        Team team = teamOf(process);
        Facts facts = new Facts(jdbc, versions.active(), tenant, team.caseTypes(), period);
        MetricTable t = new MetricTable();
        switch (team) {
            case LADO -> lado(facts, t);
            case CDOP -> cdop(facts, t);
            case REVIEW -> review(facts, t);
        }
        return t.table("annual-" + process).note("from", period.from().toString()).note("to", period.to().toString());
    }

    private static final String CASES = " FROM case_summary c WHERE c.projection_version = :v AND c.tenant = :tenant "
            + "AND c.case_type IN (:caseTypes) ";
    private static final String REFERRED = "coalesce(c.trigger_date, c.opened_on)";
    /** referrals received in the period: LADO counts from the date the LADO received it (the trigger date) */
    private static final String LADO_REFERRALS = CASES + "AND c.channel IS DISTINCT FROM 'PROCESS' AND " + REFERRED
            + " BETWEEN :from AND :to ";
    private static final String OPENED = CASES + "AND c.opened_on BETWEEN :from AND :to ";

    private void lado(Facts f, MetricTable t) {
        long referrals = f.count("SELECT count(*)" + LADO_REFERRALS);
        t.count("lado.referrals", referrals);
        for (String category : List.of("setting", "abuseCategory", "referralSource")) {
            t.breakdown("lado.referrals.by-" + category, f.byCode("SELECT c.categories->>'" + category + "', count(*)"
                    + LADO_REFERRALS + "GROUP BY 1 ORDER BY 1"), referrals);
        }
        List<LocalDate[]> meetings = f.pairs(firstCompletion("PotMeeting", LADO_REFERRALS, REFERRED));
        t.rate("lado.strategy-meeting.held", ReportTable.TOTAL, meetings.size(), referrals);
        t.rate("lado.strategy-meeting.within-5-working-days", ReportTable.TOTAL, within(meetings, 5), meetings.size());
        t.distribution("lado.strategy-meeting.working-days-from-referral", workingDaysOf(meetings));
        List<LocalDate[]> responses = f.pairs(firstCompletion("InitialConsideration", LADO_REFERRALS, REFERRED));
        t.rate("lado.initial-response.within-1-working-day", ReportTable.TOTAL, within(responses, 1), responses.size());
        List<LocalDate[]> resolved = f.pairs("SELECT " + REFERRED + ", c.closed_on" + LADO_REFERRALS
                + "AND c.closed_on IS NOT NULL");
        for (int months : new int[]{1, 3, 12}) {
            long inTime = resolved.stream().filter(p -> !p[1].isAfter(p[0].plusMonths(months))).count();
            t.rate("lado.resolved-within-" + months + "-months", ReportTable.TOTAL, inTime, referrals);
        }
        t.distribution("lado.days-to-resolution", f.pairs("SELECT " + REFERRED + ", c.closed_on" + CASES
                + "AND c.closed_on BETWEEN :from AND :to").stream().map(p -> ChronoUnit.DAYS.between(p[0], p[1])).toList());
        latestOutcome(f, t, "lado.outcome.kcsie-finding", "OUTCOME", "kcsie-finding");
        // a case resolved at initial consideration has no outcome meeting: its disposal is the resolution decision's
        latestFact(f, t, "lado.outcome.disposal", "((x.kind = 'OUTCOME' AND x.fact_type = 'lado-disposal') OR "
                + "(x.kind = 'DECISION' AND x.fact_type = 'lado-resolution' AND x.code IN ('NFA', 'INFORMATION_ONLY')))");
        everyOutcome(f, t, "lado.referrals-made", "OUTCOME", "lado-referral");
        t.count("lado.open-over-12-months", f.count("SELECT count(*)" + CASES + "AND " + REFERRED
                + " < CAST(:to AS date) - INTERVAL '12 months' AND (c.closed_on IS NULL OR c.closed_on > :to)"));
        compliance(f, t, "lado.timescale-met");
    }

    private void cdop(Facts f, MetricTable t) {
        long deaths = f.count("SELECT count(*)" + OPENED);
        t.count("cdop.deaths-notified", deaths);
        for (String category : List.of("expectedness", "sex", "location", "localAuthorityOfResidence")) {
            t.breakdown("cdop.deaths-notified.by-" + category, f.byCode("SELECT c.categories->>'" + category
                    + "', count(*)" + OPENED + "GROUP BY 1 ORDER BY 1"), deaths);
        }
        t.breakdown("cdop.deaths-notified.by-age-band", f.byCode("SELECT c.age_band, count(*)" + OPENED
                + "GROUP BY 1 ORDER BY 1"), deaths);
        List<LocalDate[]> reviews = f.pairs(completedInPeriod("CdopReview", "c.opened_on"));
        t.count("cdop.reviews-completed", reviews.size());
        t.distribution("cdop.days-notification-to-review", reviews.stream()
                .map(p -> ChronoUnit.DAYS.between(p[0], p[1])).toList());
        t.count("cdop.jar-information-sharing-held", f.pairs(completedInPeriod("Iisd", "c.opened_on")).size());
        latestOutcome(f, t, "cdop.category-of-death", "OUTCOME", "category-of-death");
        Map<String, Long> modifiable = latestOutcome(f, t, "cdop.modifiable-factors", "OUTCOME", "modifiable-factors");
        long identified = modifiable.getOrDefault("IDENTIFIED", 0L);
        t.rate("cdop.modifiable-factors.identified", ReportTable.TOTAL, identified,
                identified + modifiable.getOrDefault("NOT_IDENTIFIED", 0L));
        t.breakdown("cdop.open-at-period-end.by-age-band", f.byCode("SELECT c.age_band, count(*)" + CASES
                + "AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to) GROUP BY 1 ORDER BY 1"),
                f.count("SELECT count(*)" + CASES + "AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)"));
        t.count("cdop.referred-for-practice-review", f.count("SELECT count(*) FROM case_summary c "
                + "WHERE c.projection_version = :v AND c.tenant = :tenant AND c.case_type = 'SERIOUS_INCIDENT' "
                + "AND c.channel = 'PROCESS' AND c.categories->>'sourceCaseType' = 'CHILD_DEATH' "
                + "AND c.opened_on BETWEEN :from AND :to"));
        compliance(f, t, "cdop.timescale-met");
    }

    private void review(Facts f, MetricTable t) {
        long referrals = f.count("SELECT count(*)" + OPENED);
        t.breakdown("review.referrals.by-process-version", f.byCode("SELECT c.process_version, count(*)" + OPENED
                + "GROUP BY 1 ORDER BY 1"), referrals);
        t.breakdown("review.referrals.by-case-type", f.byCode("SELECT c.case_type, count(*)" + OPENED
                + "GROUP BY 1 ORDER BY 1"), referrals);
        everyOutcome(f, t, "review.notices", "NOTICE", null);
        everyOutcome(f, t, "review.decisions", "DECISION", null);
        t.count("review.rapid-reviews-completed", f.pairs(completedInPeriod("RrMeeting", "c.opened_on")).size());
        t.count("review.lcspr-published", f.pairs(completedInPeriod("PublishLcspr", "c.opened_on")).size());
        t.count("review.scr-published", f.pairs(completedInPeriod("Publish", "c.opened_on")).size());
        t.count("review.in-progress-at-period-end", f.count("SELECT count(*)" + CASES
                + "AND c.opened_on <= :to AND (c.closed_on IS NULL OR c.closed_on > :to)"));
        t.breakdown("review.closed.by-reason", f.byCode("SELECT coalesce(c.closure_reason, 'completed'), count(*)"
                + CASES + "AND c.closed_on BETWEEN :from AND :to GROUP BY 1 ORDER BY 1"),
                f.count("SELECT count(*)" + CASES + "AND c.closed_on BETWEEN :from AND :to"));
        compliance(f, t, "review.timescale-met");
    }

    /** (start, first completion of the task) for the cases the where-clause selects. */
    private static String firstCompletion(String taskType, String cases, String start) {
        return "SELECT " + start + ", min(s.completed_on) FROM case_summary c JOIN stage s "
                + "ON s.projection_version = c.projection_version AND s.case_pseudonym = c.case_pseudonym "
                + "AND s.task_type = '" + taskType + "' AND s.state = 'COMPLETED' "
                + cases.replaceFirst(" FROM case_summary c ", " ") + "GROUP BY c.case_pseudonym, " + start;
    }

    /** (start, completion) of the task for each case that completed it in the period (its first completion). */
    private static String completedInPeriod(String taskType, String start) {
        return "SELECT start_on, done_on FROM (SELECT " + start + " AS start_on, min(s.completed_on) AS done_on "
                + "FROM case_summary c JOIN stage s ON s.projection_version = c.projection_version "
                + "AND s.case_pseudonym = c.case_pseudonym AND s.task_type = '" + taskType + "' AND s.state = 'COMPLETED' "
                + CASES.replaceFirst(" FROM case_summary c ", " ") + "GROUP BY c.case_pseudonym, " + start + ") x "
                + "WHERE done_on BETWEEN :from AND :to AND start_on IS NOT NULL";
    }

    /** A coded outcome per case, the latest recorded in the period (a later correction replaces an earlier one). */
    private static Map<String, Long> latestOutcome(Facts f, MetricTable t, String metric, String kind, String type) {
        return latestFact(f, t, metric, "x.kind = '" + kind + "' AND x.fact_type = '" + type + "'");
    }

    /** {@link #latestOutcome} over the facts {@code which} selects (a condition on {@code case_fact x}). */
    private static Map<String, Long> latestFact(Facts f, MetricTable t, String metric, String which) {
        Map<String, Long> byCode = f.byCode("SELECT code, count(*) FROM (SELECT DISTINCT ON (x.case_pseudonym) x.code "
                + "FROM case_fact x WHERE x.projection_version = :v AND x.tenant = :tenant AND x.case_type IN (:caseTypes) "
                + "AND " + which + " AND x.fact_on BETWEEN :from AND :to "
                + "ORDER BY x.case_pseudonym, x.sequence DESC) latest GROUP BY 1 ORDER BY 1");
        t.breakdown(metric, byCode, byCode.values().stream().mapToLong(Long::longValue).sum());
        return byCode;
    }

    /** Every fact of the kind in the period (each referral made, each notice sent), by type and code. */
    private static void everyOutcome(Facts f, MetricTable t, String metric, String kind, String type) {
        String label = type == null ? "x.fact_type || ':' || x.code" : "x.code";
        Map<String, Long> byCode = f.byCode("SELECT " + label + ", count(*) FROM case_fact x "
                + "WHERE x.projection_version = :v AND x.tenant = :tenant AND x.case_type IN (:caseTypes) "
                + "AND x.kind = '" + kind + "' " + (type == null ? "" : "AND x.fact_type = '" + type + "' ")
                + "AND x.fact_on BETWEEN :from AND :to GROUP BY 1 ORDER BY 1");
        t.breakdown(metric, byCode, byCode.values().stream().mapToLong(Long::longValue).sum());
    }

    /** Of the deadlines due in the period that were met or breached, the share met, per timescale. */
    private static void compliance(Facts f, MetricTable t, String metric) {
        for (Object[] row : f.compliance("SELECT d.timescale, count(*) FILTER (WHERE d.state = 'MET'), count(*) "
                + "FROM deadline d WHERE d.projection_version = :v AND d.tenant = :tenant AND d.case_type IN (:caseTypes) "
                + "AND d.due_on BETWEEN :from AND :to AND d.state IN ('MET', 'BREACHED') GROUP BY 1 ORDER BY 1")) {
            t.rate(metric, (String) row[0], (Long) row[1], (Long) row[2]);
        }
    }

    private long within(List<LocalDate[]> pairs, int days) {
        return workingDaysOf(pairs).stream().filter(d -> d <= days).count();
    }

    private List<Integer> workingDaysOf(List<LocalDate[]> pairs) {
        return pairs.stream().map(p -> workingDays.between(workingDays.calendar().supports(p[0])
                ? workingDays.calendar().workingDayOnOrAfter(p[0]) : p[0], p[1])).filter(d -> d != null).toList();
    }
}
