package org.opensafeguarding.workflow.notices;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Notifications to roles ({@code notification.send}) and notices to national bodies ({@code review.notify-panel}),
 * recorded in {@code case_notice} (DOMAIN §2.2 {@code Notification}: recipient, channel, payload hash, sent and
 * acknowledged times) and announced as {@code notice.sent}.
 *
 * <p>Delivery itself is an integration this service does not have yet: rows are written QUEUED on channel
 * {@value #CHANNEL}, for a letter/e-mail sender or the Panel's portal to pick up and mark SENT. The payload hash is
 * over what the notice consists of (kind, code, case, recipients and the decision codes), so a sender can prove
 * what it sent matched.
 */
@Service
public class Notices {

    public static final String CHANNEL = "QUEUE";

    /** {@code review.notify-panel} notices (docs/processes.md §1.6). */
    public static final List<String> PANEL_NOTICES = List.of("scr-initiated", "scr-not-initiated",
            "scr-publication-notice", "scr-not-published", "rapid-review", "lac-death");

    /**
     * Decision variables a panel notice reports, when the process has them: codes, flags and dates only (the
     * rationale stays in the case record).
     */
    static final List<String> DECISION_VARIABLES = List.of("scrDecision", "scrCriteriaMet", "mandatoryScr", "scrCriteria",
            "subgroupRecommendation", "panelAdvice", "panelAdviceResponse", "publicationDecision", "plannedPublicationOn",
            "publishedOn", "sinCriteriaMet", "sinCriteria", "lookedAfterChildDied", "sinSubmittedOn", "rrRecommendation",
            "immediateActionNeeded", "panelResponse", "lcsprDecision");

    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");
    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcClient jdbc;
    private final CaseRepository cases;
    private final CaseEvents events;
    private final AuditLog audit;

    public Notices(JdbcClient jdbc, CaseRepository cases, CaseEvents events, AuditLog audit) {
        this.jdbc = jdbc;
        this.cases = cases;
        this.events = events;
        this.audit = audit;
    }

    /** {@code notification.send}: a templated letter or e-mail to a role. One per job. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean notifyRole(CaseId caseId, long jobKey, String template, String recipientRole, Instant now, String actor) {
        code("header template", template);
        code("header recipientRole", recipientRole);
        return record(caseId, jobKey, "NOTIFICATION", template, List.of(recipientRole), Map.of(), now, actor);
    }

    /** {@code review.notify-panel}: a notice with the decision codes it reports. One per job. */
    @Transactional(propagation = Propagation.MANDATORY)
    public boolean notifyPanel(CaseId caseId, long jobKey, String notice, List<String> recipients,
                               Map<String, Object> variables, Instant now, String actor) {
        if (!PANEL_NOTICES.contains(notice)) {
            throw new InvalidCaseDataException("header notice: '" + notice + "' is not one of " + PANEL_NOTICES);
        }
        if (recipients.isEmpty()) {
            throw new InvalidCaseDataException("header recipients: missing; name the bodies, e.g. national-panel,ofsted");
        }
        recipients.forEach(r -> code("header recipients", r));
        return record(caseId, jobKey, "PANEL_NOTICE", notice, recipients, decisions(variables), now, actor);
    }

    private boolean record(CaseId caseId, long jobKey, String kind, String notice, List<String> recipients,
                           Map<String, Object> detail, Instant now, String actor) {
        cases.require(caseId);
        String detailJson;
        try {
            detailJson = JSON.writeValueAsString(detail);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("notice detail is not serialisable", e);
        }
        String recipientList = String.join(",", recipients);
        int inserted = jdbc.sql("""
                INSERT INTO case_notice (case_id, job_key, kind, notice, recipients, channel, payload_sha256, detail,
                                         status, created_at)
                VALUES (:caseId, :jobKey, :kind, :notice, :recipients, :channel, :sha, CAST(:detail AS JSONB), 'QUEUED', :at)
                ON CONFLICT (job_key) DO NOTHING
                """)
                .param("caseId", caseId.value())
                .param("jobKey", jobKey)
                .param("kind", kind)
                .param("notice", notice)
                .param("recipients", recipientList)
                .param("channel", CHANNEL)
                .param("sha", sha256(kind + "\n" + notice + "\n" + caseId + "\n" + recipientList + "\n" + detailJson))
                .param("detail", detailJson)
                .param("at", Timestamp.from(now))
                .update();
        if (inserted == 0) {
            return false;
        }
        events.noticeSent(caseId, notice, recipients);
        Map<String, Object> auditDetail = new LinkedHashMap<>();
        auditDetail.put("change", "notice-queued");
        auditDetail.put("kind", kind);
        auditDetail.put("notice", notice);
        auditDetail.put("recipients", recipients);
        auditDetail.put("jobKey", jobKey);
        audit.record(actor, AuditAction.CREATE, "case", caseId.toString(), auditDetail);
        return true;
    }

    /** The decision variables present, keeping only flags, codes, dates and objects of flags. */
    static Map<String, Object> decisions(Map<String, Object> variables) {
        Map<String, Object> out = new LinkedHashMap<>();
        for (String name : DECISION_VARIABLES) {
            Object value = variables.get(name);
            if (value instanceof Boolean || (value instanceof String s && CODE.matcher(s).matches())) {
                out.put(name, value);
            } else if (value instanceof Map<?, ?> map && map.values().stream().allMatch(v -> v instanceof Boolean)) {
                out.put(name, value);
            }
        }
        return out;
    }

    private static void code(String what, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new InvalidCaseDataException(what + ": must be a code (letters, digits, _ . : -)");
        }
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
