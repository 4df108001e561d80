package org.opensafeguarding.workflow.notices;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code cdr.ncmd-sync}: queues a child death case for the National Child Mortality Database (eCDOP transfer or
 * portal entry) in {@code ncmd_submission}, once per case and status. The target follows the case's own dates, never
 * the day the job runs (a replayed or late-entered 2018 case must not go to NCMD because the clock says 2026): NCMD
 * takes deaths on or after {@link NcmdProperties#liveDate()} and every case still open then, but not deaths already
 * reviewed before it (DOMAIN §4.3). So a death before the live date goes to the LSCB1 return, unless the case is
 * finalised and its CDOP review was held on or after the live date.
 */
@Service
@EnableConfigurationProperties(NcmdProperties.class)
public class NcmdSubmissions {

    public static final List<String> STATUSES = List.of("NOTIFIED", "FINALISED");
    public static final List<String> MODIFIABLE_FACTORS = List.of("IDENTIFIED", "NOT_IDENTIFIED", "INSUFFICIENT_INFORMATION");

    private final JdbcClient jdbc;
    private final CaseEvents events;
    private final AuditLog audit;
    private final NcmdProperties properties;

    public NcmdSubmissions(JdbcClient jdbc, CaseEvents events, AuditLog audit, NcmdProperties properties) {
        this.jdbc = jdbc;
        this.events = events;
        this.audit = audit;
        this.properties = properties;
    }

    /**
     * @param categoryOfDeath   1-10 (DOMAIN §4.6); required when FINALISED
     * @param modifiableFactors required when FINALISED
     * @return true when queued by this call; false when this status was queued before
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean sync(CaseRecord c, String ncmdStatus, Object categoryOfDeath, String modifiableFactors, Instant now,
                        String actor) {
        return sync(c, ncmdStatus, categoryOfDeath, modifiableFactors, null, now, actor);
    }

    /**
     * @param reviewedOn the day the CDOP review was held, when the model records it (FINALISED only); null otherwise
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean sync(CaseRecord c, String ncmdStatus, Object categoryOfDeath, String modifiableFactors,
                        LocalDate reviewedOn, Instant now, String actor) {
        if (!STATUSES.contains(ncmdStatus)) {
            throw new InvalidCaseDataException("header ncmdStatus: '" + ncmdStatus + "' is not one of " + STATUSES);
        }
        if (c.type() != CaseType.CHILD_DEATH) {
            throw new InvalidCaseDataException("caseId: case " + c.id() + " is a " + c.type() + " case; only child deaths go to NCMD");
        }
        Integer category = null;
        if ("FINALISED".equals(ncmdStatus)) {
            category = category(categoryOfDeath);
            if (modifiableFactors == null || !MODIFIABLE_FACTORS.contains(modifiableFactors)) {
                throw new InvalidCaseDataException("modifiableFactors: must be one of " + MODIFIABLE_FACTORS
                        + " when the case is finalised on NCMD (DOMAIN §4.6)");
            }
        }
        String target = target(c.triggerDate(), "FINALISED".equals(ncmdStatus) ? reviewedOn : null);
        int inserted = jdbc.sql("""
                INSERT INTO ncmd_submission (case_id, ncmd_status, target, category_of_death, modifiable_factors, status, queued_at)
                VALUES (:caseId, :ncmdStatus, :target, :category, :factors, 'QUEUED', :at)
                ON CONFLICT (case_id, ncmd_status) DO NOTHING
                """)
                .param("caseId", c.id().value())
                .param("ncmdStatus", ncmdStatus)
                .param("target", target)
                .param("category", category)
                .param("factors", "FINALISED".equals(ncmdStatus) ? modifiableFactors : null)
                .param("at", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return false;
        }
        events.noticeSent(c.id(), "ncmd-" + ncmdStatus.toLowerCase(Locale.ROOT), List.of(target.toLowerCase(Locale.ROOT)));
        if (category != null) {
            events.outcomeRecorded(c.id(), "category-of-death", category.toString());
            events.outcomeRecorded(c.id(), "modifiable-factors", modifiableFactors);
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "ncmd-queued");
        detail.put("ncmdStatus", ncmdStatus);
        detail.put("target", target);
        detail.put("processVersion", c.processVersion());
        detail.put("categoryOfDeath", category);
        detail.put("modifiableFactors", modifiableFactors);
        audit.record(actor, AuditAction.UPDATE, "case", c.id().toString(), detail);
        return true;
    }

    /**
     * @param dateOfDeath the case's trigger date
     * @param reviewedOn  the CDOP review's date for a finalised case, if known
     * @return NCMD or LSCB1 (DOMAIN §4.3)
     */
    String target(LocalDate dateOfDeath, LocalDate reviewedOn) {
        LocalDate live = properties.liveDate();
        boolean openWhenNcmdWentLive = reviewedOn != null && !reviewedOn.isBefore(live);
        return !dateOfDeath.isBefore(live) || openWhenNcmdWentLive ? "NCMD" : "LSCB1";
    }

    private static Integer category(Object value) {
        int n;
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            n = number.intValue();
        } else if (value instanceof String text && text.trim().matches("\\d{1,2}")) {
            n = Integer.parseInt(text.trim());
        } else {
            throw new InvalidCaseDataException("categoryOfDeath: must be a category 1-10 (DOMAIN §4.6) when the case is finalised");
        }
        if (n < 1 || n > 10) {
            throw new InvalidCaseDataException("categoryOfDeath: " + n + " is not a category 1-10 (DOMAIN §4.6)");
        }
        return n;
    }
}
