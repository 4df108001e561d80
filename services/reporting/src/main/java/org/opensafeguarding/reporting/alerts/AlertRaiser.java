package org.opensafeguarding.reporting.alerts;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.reporting.api.Team;
import org.opensafeguarding.reporting.consumption.ProjectionVersions;
import org.opensafeguarding.reporting.projection.WorkingDays;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the active projections and records each alert once, keyed by what it is about; the projections are built
 * through the inbox, so a redelivered event changes nothing here, and the alert table outlives a rebuild, so a
 * replay finds every key taken. Each new alert gets one pending delivery per channel configured for its tenant.
 */
public class AlertRaiser {

    /** pg advisory lock id: one instance checks at a time. */
    private static final long LOCK = 0x5245504f52544c4bL;

    private final JdbcTemplate jdbc;
    private final TransactionTemplate tx;
    private final ProjectionVersions versions;
    private final WorkingDays workingDays;
    private final Clock clock;
    private final AlertProperties properties;
    private final List<AlertChannel> channels;
    private final ObjectMapper json;

    public AlertRaiser(JdbcTemplate jdbc, TransactionTemplate tx, ProjectionVersions versions, WorkingDays workingDays,
                       Clock clock, AlertProperties properties, List<AlertChannel> channels, ObjectMapper json) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.versions = versions;
        this.workingDays = workingDays;
        this.clock = clock;
        this.properties = properties;
        this.channels = channels;
        this.json = json;
    }

    /** Checks all three kinds against today; returns how many alerts were new. */
    public synchronized int check() {
        Integer raised = tx.execute(status -> {
            Boolean locked = jdbc.queryForObject("SELECT pg_try_advisory_xact_lock(?)", Boolean.class, LOCK);
            if (!Boolean.TRUE.equals(locked)) {
                return 0;
            }
            int version = versions.active();
            LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
            return breaches(version, today) + escalations(version, today) + stages(version, today);
        });
        return raised == null ? 0 : raised;
    }

    private int breaches(int version, LocalDate today) {
        LocalDate from = today.minus(properties.breachLookback());
        int n = 0;
        for (Map<String, Object> r : jdbc.queryForList("SELECT case_pseudonym, timescale, due_on, tenant, case_type, "
                + "closed_on FROM deadline WHERE projection_version = ? AND state = 'BREACHED' AND closed_on >= ? "
                + "ORDER BY closed_on, case_pseudonym, timescale", version, Date.valueOf(from))) {
            String caseType = (String) r.get("case_type");
            Map<String, Object> p = payload(AlertKind.DEADLINE_BREACHED, (String) r.get("tenant"), caseType, today);
            p.put("case", ((String) r.get("case_pseudonym")).trim());
            p.put("timescale", r.get("timescale"));
            p.put("dueOn", day(r.get("due_on")));
            p.put("breachedOn", day(r.get("closed_on")));
            String subject = String.join("|", "DEADLINE_BREACHED", (String) p.get("case"), (String) p.get("timescale"),
                    (String) p.get("dueOn"));
            n += raise(AlertKind.DEADLINE_BREACHED, subject, subject, null, p);
        }
        return n;
    }

    /**
     * Unanswered: the {@code Escalate} task of the deadline-escalation process is neither completed nor canceled
     * (claiming it is not an answer), N or more working days after it was created.
     */
    private int escalations(int version, LocalDate today) {
        int threshold = properties.escalationWorkingDays();
        int n = 0;
        for (Map<String, Object> r : jdbc.queryForList("SELECT task, case_pseudonym, tenant, case_type, task_type, "
                + "created_on, state FROM stage WHERE projection_version = ? AND task_type = ? "
                + "AND state IN ('OPEN', 'ASSIGNED') AND created_on <= ? ORDER BY created_on, task", version,
                properties.escalationTaskType(), Date.valueOf(today.minusDays(threshold)))) {
            LocalDate created = ((Date) r.get("created_on")).toLocalDate();
            Integer open = workingDays.between(created, today);
            if (open == null || open < threshold) {
                continue;
            }
            Map<String, Object> p = payload(AlertKind.ESCALATION_UNANSWERED, (String) r.get("tenant"),
                    (String) r.get("case_type"), today);
            p.put("case", ((String) r.get("case_pseudonym")).trim());
            p.put("taskType", r.get("task_type"));
            p.put("createdOn", created.toString());
            p.put("workingDaysOpen", open);
            p.put("thresholdWorkingDays", threshold);
            String subject = "ESCALATION_UNANSWERED|" + ((String) r.get("task")).trim();
            n += raise(AlertKind.ESCALATION_UNANSWERED, subject, subject, null, p);
        }
        return n;
    }

    /**
     * Each task type with a target: the p90 of working days taken by its stages completed in the rolling period
     * ending today, per tenant and case type. Raised once per stage and period: after an alert, the same stage is
     * not alerted again until the period it covered has wholly passed.
     */
    private int stages(int version, LocalDate today) {
        if (properties.stageTargets().isEmpty()) {
            return 0;
        }
        LocalDate start = today.minus(properties.stagePeriod()).plusDays(1);
        int n = 0;
        for (Map<String, Object> r : jdbc.queryForList("SELECT tenant, case_type, task_type, count(*) AS stages, "
                + "percentile_cont(0.9) WITHIN GROUP (ORDER BY working_days) AS p90 FROM stage "
                + "WHERE projection_version = ? AND state = 'COMPLETED' AND working_days IS NOT NULL "
                + "AND completed_on BETWEEN ? AND ? AND task_type = ANY (?) "
                + "GROUP BY tenant, case_type, task_type HAVING count(*) >= ? ORDER BY tenant, case_type, task_type",
                version, Date.valueOf(start), Date.valueOf(today),
                properties.stageTargets().keySet().toArray(String[]::new), properties.stageMinimumCount())) {
            String taskType = (String) r.get("task_type");
            int target = properties.stageTargets().get(taskType);
            double p90 = ((Number) r.get("p90")).doubleValue();
            if (p90 <= target) {
                continue;
            }
            String tenant = (String) r.get("tenant");
            String caseType = (String) r.get("case_type");
            String subject = String.join("|", "STAGE_P90_OVER_TARGET", tenant, caseType, taskType);
            Integer recent = jdbc.queryForObject("SELECT count(*) FROM alert WHERE subject = ? AND period_end >= ?",
                    Integer.class, subject, Date.valueOf(start));
            if (recent != null && recent > 0) {
                continue;
            }
            Map<String, Object> p = payload(AlertKind.STAGE_P90_OVER_TARGET, tenant, caseType, today);
            p.put("taskType", taskType);
            p.put("periodStart", start.toString());
            p.put("periodEnd", today.toString());
            p.put("completedStages", ((Number) r.get("stages")).intValue());
            p.put("p90WorkingDays", Math.round(p90 * 10) / 10.0);
            p.put("targetWorkingDays", target);
            n += raise(AlertKind.STAGE_P90_OVER_TARGET, subject + "|" + start + "|" + today, subject, today, p);
        }
        return n;
    }

    private static Map<String, Object> payload(AlertKind kind, String tenant, String caseType, LocalDate today) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("kind", kind.code());
        p.put("tenant", tenant);
        p.put("team", Team.of(caseType));
        p.put("caseType", caseType);
        p.put("raisedOn", today.toString());
        return p;
    }

    private int raise(AlertKind kind, String key, String subject, LocalDate periodEnd, Map<String, Object> payload) {
        String tenant = (String) payload.get("tenant");
        String body;
        try {
            body = json.writeValueAsString(payload);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        Instant now = clock.instant();
        List<Long> ids = jdbc.queryForList("INSERT INTO alert (alert_key, kind, tenant, team, subject, period_end, "
                + "payload, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (alert_key) DO NOTHING RETURNING id",
                Long.class, key, kind.name(), tenant, payload.get("team"), subject,
                periodEnd == null ? null : Date.valueOf(periodEnd), body, Timestamp.from(now));
        if (ids.isEmpty()) {
            return 0;
        }
        List<Object[]> deliveries = new ArrayList<>();
        for (AlertChannel channel : channels) {
            if (channel.configuredFor(tenant, (String) payload.get("team"))) {
                deliveries.add(new Object[]{ids.get(0), channel.name(), Timestamp.from(now)});
            }
        }
        jdbc.batchUpdate("INSERT INTO alert_delivery (alert_id, channel, state, next_attempt_at) "
                + "VALUES (?, ?, 'PENDING', ?)", deliveries);
        return 1;
    }

    private static String day(Object sqlDate) {
        return ((Date) sqlDate).toLocalDate().toString();
    }
}
