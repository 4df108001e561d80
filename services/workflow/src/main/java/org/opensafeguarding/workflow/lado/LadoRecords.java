package org.opensafeguarding.workflow.lado;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The LADO part of a case record (table {@code lado_case}, V4): the KCSIE edition pinned when the case opens and
 * the outcome recorded under it (DOMAIN §5.6, §7.6).
 */
@Service
public class LadoRecords {

    /** Referral decisions from the outcome meeting, as {@code referralsDecided} holds them. */
    static final List<String> REFERRALS = List.of("dbs", "tra", "regulator", "ofsted");

    private final JdbcClient jdbc;
    private final KcsieEditions editions;
    private final CaseEvents events;
    private final AuditLog audit;

    public LadoRecords(JdbcClient jdbc, KcsieEditions editions, CaseEvents events, AuditLog audit) {
        this.jdbc = jdbc;
        this.editions = editions;
        this.events = events;
        this.audit = audit;
    }

    /**
     * Pins the KCSIE edition in force on the referral date (the case's trigger date) the first time, and returns
     * the pinned one ever after, whatever the configuration says by then.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Edition pinEdition(CaseRecord c, Instant now, String actor) {
        Optional<String> pinned = pinnedEdition(c.id());
        if (pinned.isPresent()) {
            return editions.byId(pinned.get()).orElseThrow(() -> new IllegalStateException("case " + c.id()
                    + " is pinned to KCSIE edition " + pinned.get() + ", which safeguarding.kcsie.editions no longer lists"));
        }
        Edition edition = editions.forReferralDate(c.triggerDate());
        int inserted = jdbc.sql("""
                INSERT INTO lado_case (case_id, kcsie_edition, pinned_at) VALUES (:caseId, :edition, :at)
                ON CONFLICT (case_id) DO NOTHING
                """)
                .param("caseId", c.id().value())
                .param("edition", edition.id())
                .param("at", Timestamp.from(now))
                .update();
        if (inserted == 1) {
            audit.record(actor, AuditAction.UPDATE, "case", c.id().toString(), Map.of("change", "kcsie-edition-pinned",
                    "kcsieEdition", edition.id(), "referralDate", c.triggerDate().toString()));
        }
        return edition;
    }

    public Optional<String> pinnedEdition(CaseId caseId) {
        return jdbc.sql("SELECT kcsie_edition FROM lado_case WHERE case_id = :caseId")
                .param("caseId", caseId.value()).query(String.class).optional();
    }

    /**
     * @param finding          a code from the pinned edition's findings
     * @param disposal         the local disposal code, may be null
     * @param referralsDecided {@code {dbs, tra, regulator, ofsted}} booleans
     * @return true when the outcome changed (first recording or a correction); false for a repeat of the same
     * @throws InvalidCaseDataException when the finding is not allowed under the pinned edition
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean recordOutcome(CaseRecord c, String kcsieEdition, String finding, String disposal,
                                 Map<String, Boolean> referralsDecided, Instant now, String actor) {
        if (c.type() != CaseType.LADO_ALLEGATION) {
            throw new InvalidCaseDataException("caseId: case " + c.id() + " is a " + c.type()
                    + " case; lado.record-outcome only records LADO outcomes");
        }
        String pinned = pinnedEdition(c.id()).orElseThrow(() -> new InvalidCaseDataException("kcsieEdition: no edition"
                + " is pinned on case " + c.id() + "; case.open pins it when the case opens"));
        if (kcsieEdition != null && !kcsieEdition.equals(pinned)) {
            throw new InvalidCaseDataException("kcsieEdition: '" + kcsieEdition + "' differs from the edition pinned on"
                    + " the case (" + pinned + "); the outcome vocabulary follows the pinned edition (DOMAIN §7.6)");
        }
        Edition edition = editions.byId(pinned).orElseThrow(() -> new IllegalStateException("KCSIE edition " + pinned
                + " pinned on case " + c.id() + " is no longer configured in safeguarding.kcsie.editions"));
        if (finding == null) {
            throw new InvalidCaseDataException("finding: missing; the outcome meeting must record a finding from "
                    + edition.findings());
        }
        if (!edition.findings().contains(finding)) {
            throw new InvalidCaseDataException("finding: '" + finding + "' is not an outcome under " + edition.id()
                    + ", the KCSIE edition pinned on the case (DOMAIN §5.6); allowed: " + String.join(", ", edition.findings()));
        }
        Map<String, Boolean> referrals = new LinkedHashMap<>();
        for (String r : REFERRALS) {
            referrals.put(r, Boolean.TRUE.equals(referralsDecided.get(r)));
        }
        Map<String, Object> current = jdbc.sql("""
                SELECT finding, disposal, refer_dbs, refer_tra, refer_regulator, refer_ofsted FROM lado_case
                WHERE case_id = :caseId
                """).param("caseId", c.id().value()).query().singleRow();
        boolean same = Objects.equals(current.get("finding"), finding) && Objects.equals(current.get("disposal"), disposal)
                && REFERRALS.stream().allMatch(r -> Objects.equals(current.get("refer_" + r), referrals.get(r)));
        if (same) {
            return false;
        }
        boolean correction = current.get("finding") != null;
        jdbc.sql("""
                UPDATE lado_case SET finding = :finding, disposal = :disposal, refer_dbs = :dbs, refer_tra = :tra,
                       refer_regulator = :regulator, refer_ofsted = :ofsted, outcome_at = :at
                WHERE case_id = :caseId
                """)
                .param("finding", finding)
                .param("disposal", disposal)
                .param("dbs", referrals.get("dbs"))
                .param("tra", referrals.get("tra"))
                .param("regulator", referrals.get("regulator"))
                .param("ofsted", referrals.get("ofsted"))
                .param("at", Timestamp.from(now))
                .param("caseId", c.id().value())
                .update();
        events.outcomeRecorded(c.id(), "kcsie-finding", finding);
        if (disposal != null) {
            events.outcomeRecorded(c.id(), "lado-disposal", disposal);
        }
        referrals.forEach((r, decided) -> {
            if (decided) {
                events.outcomeRecorded(c.id(), "lado-referral", r);
            }
        });
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", correction ? "lado-outcome-corrected" : "lado-outcome-recorded");
        detail.put("kcsieEdition", pinned);
        detail.put("finding", finding);
        detail.put("disposal", disposal);
        detail.put("referralsDecided", referrals);
        audit.record(actor, AuditAction.UPDATE, "case", c.id().toString(), detail);
        return true;
    }
}
