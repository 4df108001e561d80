package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.ProcessVersions;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenantConfig;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.opensafeguarding.workflow.history.Column.Type.BOOLEAN;
import static org.opensafeguarding.workflow.history.Column.Type.CODE;
import static org.opensafeguarding.workflow.history.Column.Type.DATE;

/**
 * Serious case reviews and child safeguarding practice reviews (DOMAIN §3.6, §3.10, §3.12): the incident date and
 * the tenant's transition date pin the regime, and the regime decides which decision and publication codes and
 * which dates (the SIN and rapid review exist only from 2018) a row may have.
 */
final class CaseReviewHistoryFormat implements HistoryFormat {

    static final List<String> SCR_DECISIONS = List.of("SCR_INITIATED", "SCR_NOT_INITIATED_CRITERIA_NOT_MET",
            "ALTERNATIVE_LEARNING_REVIEW", "NO_FURTHER_ACTION");
    static final List<String> CSPR_DECISIONS = List.of("COMMISSION_LCSPR", "OTHER_LEARNING", "NO_REVIEW");
    static final List<String> SCR_PUBLICATIONS = List.of("PUBLISH_FULL", "PUBLISH_SUMMARY", "DELAY_PARALLEL_PROCEEDINGS",
            "NOT_PUBLISHED");
    static final List<String> CSPR_PUBLICATIONS = List.of("PUBLISH", "PUBLISH_IMPROVEMENT_INFORMATION");

    static final Column INCIDENT_DATE = Column.required("incident_date", DATE,
            "The serious incident: the trigger date that pins the regime (SCR-WT2013 before the tenant's transition "
                    + "date, else CSPR-WT2018).");
    static final Column LA_AWARE_DATE = Column.optional("la_aware_date", DATE,
            "The day the local authority became aware; not before incident_date (the R1 clock start).");
    static final Column REFERRAL_DATE = Column.required("referral_date", DATE,
            "The day the partnership received the referral or notification; not before incident_date. The case opens on it.");
    static final Column INCIDENT_OUTCOME = Column.requiredCode("incident_outcome", List.of("death", "serious-harm"),
            "As the referral schema.");
    static final Column ABUSE_OR_NEGLECT_SUSPECTED = Column.optional("abuse_or_neglect_suspected", BOOLEAN,
            "Abuse or neglect known or suspected.");
    static final Column LOOKED_AFTER = Column.optional("looked_after", BOOLEAN, "A looked-after child.");
    static final Column SEX = Column.optionalCode("sex", List.of("female", "male", "indeterminate", "unknown"),
            "As the referral schemas.");
    static final Column AGE_BAND = Column.optionalCode("age_band", AgeBands.CHILD_CODES,
            "Age at the incident as a band; empty for unknown. Never a date of birth.");
    static final Column LOCAL_AUTHORITY_OF_INCIDENT = Column.optional("local_authority_of_incident", CODE,
            "ONS code of the local authority where the incident happened (E06-E10 and six digits).");
    static final Column SIN_SUBMITTED_DATE = Column.optional("sin_submitted_date", DATE,
            "CSPR-WT2018 only: the day the serious incident notification went to the Panel; not before la_aware_date.");
    static final Column RAPID_REVIEW_SENT_DATE = Column.optional("rapid_review_sent_date", DATE,
            "CSPR-WT2018 only: the day the rapid review went to the Panel; needs sin_submitted_date, not before it.");
    static final Column DECISION = Column.required("decision", CODE,
            "SCR-WT2013: the chair's decision (" + String.join(", ", SCR_DECISIONS) + "); CSPR-WT2018: the partners' "
                    + "local review decision (" + String.join(", ", CSPR_DECISIONS) + ").");
    static final Column DECISION_DATE = Column.required("decision_date", DATE,
            "The day of the decision; not before referral_date (nor rapid_review_sent_date).");
    static final Column PUBLICATION = Column.optional("publication", CODE,
            "The publication decision: SCR-WT2013 " + String.join(", ", SCR_PUBLICATIONS) + "; CSPR-WT2018 "
                    + String.join(", ", CSPR_PUBLICATIONS) + ". Needs publication_date.");
    static final Column PUBLICATION_DATE = Column.optional("publication_date", DATE,
            "The day of the publication decision (the report's publication when published); not before decision_date.");
    static final Column CLOSURE_DATE = Column.required("closure_date", DATE,
            "The day the case was closed; not before any other date of the row.");

    private static final List<Column> COLUMNS = List.of(SOURCE_REFERENCE, TENANT, INCIDENT_DATE, LA_AWARE_DATE,
            REFERRAL_DATE, INCIDENT_OUTCOME, ABUSE_OR_NEGLECT_SUSPECTED, LOOKED_AFTER, SEX, AGE_BAND,
            LOCAL_AUTHORITY_OF_INCIDENT, SIN_SUBMITTED_DATE, RAPID_REVIEW_SENT_DATE, DECISION, DECISION_DATE,
            PUBLICATION, PUBLICATION_DATE, CLOSURE_DATE);


    private final RegimeSelector regimes;
    private final Tenancy tenancy;
    private final HistoryDeadlines deadlines = new HistoryDeadlines();

    CaseReviewHistoryFormat(RegimeSelector regimes, Tenancy tenancy) {
        this.regimes = regimes;
        this.tenancy = tenancy;
    }

    @Override
    public ImportType type() {
        return ImportType.CASE_REVIEW;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public HistoricalCase read(RowReader row, String tenant, Instant now) {
        String reference = HistoryFormat.reference(row, tenant);
        LocalDate incident = row.date(INCIDENT_DATE);
        LocalDate aware = row.date(LA_AWARE_DATE);
        LocalDate referral = row.date(REFERRAL_DATE);
        String outcome = row.code(INCIDENT_OUTCOME);
        boolean abuse = row.bool(ABUSE_OR_NEGLECT_SUSPECTED);
        boolean lookedAfter = row.bool(LOOKED_AFTER);
        String sex = row.code(SEX);
        String ageBand = row.code(AGE_BAND);
        String la = row.localAuthority(LOCAL_AUTHORITY_OF_INCIDENT);
        LocalDate sin = row.date(SIN_SUBMITTED_DATE);
        LocalDate rapidReview = row.date(RAPID_REVIEW_SENT_DATE);
        LocalDate decided = row.date(DECISION_DATE);
        LocalDate published = row.date(PUBLICATION_DATE);
        LocalDate closed = row.date(CLOSURE_DATE);
        row.notBefore(LA_AWARE_DATE, aware, INCIDENT_DATE, incident);
        row.notBefore(REFERRAL_DATE, referral, INCIDENT_DATE, incident);
        row.notBefore(SIN_SUBMITTED_DATE, sin, LA_AWARE_DATE, aware);
        row.notBefore(SIN_SUBMITTED_DATE, sin, INCIDENT_DATE, incident);
        row.notBefore(RAPID_REVIEW_SENT_DATE, rapidReview, SIN_SUBMITTED_DATE, sin);
        row.notBefore(DECISION_DATE, decided, REFERRAL_DATE, referral);
        row.notBefore(DECISION_DATE, decided, RAPID_REVIEW_SENT_DATE, rapidReview);
        row.notBefore(PUBLICATION_DATE, published, DECISION_DATE, decided);
        for (Column c : List.of(REFERRAL_DATE, LA_AWARE_DATE, SIN_SUBMITTED_DATE, RAPID_REVIEW_SENT_DATE, DECISION_DATE,
                PUBLICATION_DATE)) {
            row.notBefore(CLOSURE_DATE, closed, c, c == REFERRAL_DATE ? referral : c == LA_AWARE_DATE ? aware
                    : c == SIN_SUBMITTED_DATE ? sin : c == RAPID_REVIEW_SENT_DATE ? rapidReview
                    : c == DECISION_DATE ? decided : published);
        }
        if (row.present(RAPID_REVIEW_SENT_DATE) && !row.present(SIN_SUBMITTED_DATE)) {
            row.fault(SIN_SUBMITTED_DATE.name(), "required", "Required with rapid_review_sent_date: a rapid review "
                    + "follows a serious incident notification.");
        }
        if (row.present(PUBLICATION) != row.present(PUBLICATION_DATE)) {
            row.fault(row.present(PUBLICATION) ? PUBLICATION_DATE.name() : PUBLICATION.name(), "required",
                    "publication and publication_date go together.");
        }
        if (incident == null) {
            return null;
        }
        RegimeSelector.Choice regime = regimes.choose(CaseType.SERIOUS_CASE_REVIEW, incident, tenant);
        boolean scr = ProcessVersions.SCR_WT2013.equals(regime.processVersion());
        String why = "under " + regime.processVersion() + ", the regime the incident date pins";
        String decision = row.code(DECISION, scr ? SCR_DECISIONS : CSPR_DECISIONS, why);
        String publication = row.code(PUBLICATION, scr ? SCR_PUBLICATIONS : CSPR_PUBLICATIONS, why);
        if (scr) {
            for (Column c : List.of(SIN_SUBMITTED_DATE, RAPID_REVIEW_SENT_DATE)) {
                if (row.present(c)) {
                    row.fault(c.name(), "regime", "Only for CSPR-WT2018 cases; this incident date pins SCR-WT2013.");
                }
            }
        }
        if (!row.clean()) {
            return null;
        }

        TenantConfig config = tenancy.forTenant(tenant);
        List<HistoricalDeadline> judged = new ArrayList<>();
        if (scr) {
            deadlines.judge(row, DECISION_DATE, "T3", referral, decided, config, now).ifPresent(judged::add);
        } else {
            deadlines.judge(row, SIN_SUBMITTED_DATE, "R1", aware, sin, config, now).ifPresent(judged::add);
            deadlines.judge(row, RAPID_REVIEW_SENT_DATE, "R2", sin, rapidReview, config, now).ifPresent(judged::add);
            if ("COMMISSION_LCSPR".equals(decision)) {
                deadlines.judge(row, PUBLICATION_DATE, "R3", decided, published, config, now).ifPresent(judged::add);
            }
        }
        if (!row.clean()) {
            return null;
        }

        Map<String, Object> categories = new LinkedHashMap<>();
        categories.put("incidentOutcome", outcome);
        categories.put("abuseOrNeglectSuspected", abuse);
        if (sex != null) {
            categories.put("sex", sex);
        }
        if (la != null) {
            categories.put("localAuthorityOfIncident", la);
        }
        categories.put("lookedAfter", lookedAfter);

        String role = scr ? "LSCB_CHAIR" : "SAFEGUARDING_PARTNERS";
        HistoricalCase.Steps steps = new HistoricalCase.Steps();
        if (sin != null) {
            steps.add(sin, (events, id) -> events.noticeSent(id, "sin-submitted",
                    List.of("national-panel", "ofsted", "safeguarding-partners")));
        }
        if (rapidReview != null) {
            steps.add(rapidReview, (events, id) -> events.noticeSent(id, "rapid-review", List.of("national-panel")));
        }
        steps.add(decided, (events, id) -> events.decisionRecorded(id, scr ? "scr-chair-decision" : "cspr-lcspr-decision",
                decision, role));
        if (publication != null) {
            steps.add(published, (events, id) -> events.decisionRecorded(id,
                    scr ? "scr-publication-decision" : "cspr-publication-decision", publication, role));
        }
        String closureReason = "NO_REVIEW".equals(decision) ? "no-lcspr" : null;
        return new HistoricalCase(reference, tenant, regime, "serious-case-review-referral", incident, referral, closed,
                closureReason, AgeBands.of(ageBand), categories, null, judged, steps.list());
    }
}
