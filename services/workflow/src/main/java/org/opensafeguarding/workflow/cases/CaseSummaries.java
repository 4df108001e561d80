package org.opensafeguarding.workflow.cases;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.access.CaseRestrictions;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casemessages.AwaitableMessages;
import org.opensafeguarding.workflow.intake.ReferralKind;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * GET /api/cases/{caseId}: the case, what its referral says, the cases linked to it and the messages its process
 * waits for. The referral is personal data: it is shown only to those who may see inside the case, and the read is
 * audited with the number of items shown.
 */
@Service
class CaseSummaries {

    private static final Logger log = LoggerFactory.getLogger(CaseSummaries.class);

    private final CaseReads reads;
    private final CaseRestrictions restrictions;
    private final CaseEngine engine;
    private final AwaitableMessages awaitable;
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    CaseSummaries(CaseReads reads, CaseRestrictions restrictions, CaseEngine engine, AwaitableMessages awaitable,
                  JdbcClient jdbc, ObjectMapper json) {
        this.reads = reads;
        this.restrictions = restrictions;
        this.engine = engine;
        this.awaitable = awaitable;
        this.jdbc = jdbc;
        this.json = json;
    }

    CaseViews.SummaryView summary(Caller caller, String caseIdText) {
        CaseId caseId = CaseReads.parse(caseIdText);
        CaseAccess.Verdict verdict = reads.atLeastExists(caller, caseId, "read-case");
        if (verdict == CaseAccess.Verdict.RESTRICTED) {
            return reads.audited(caller, caseId, "summary", () -> {
                CaseRecord c = reads.find(caseId);
                return new CaseViews.SummaryView(caseId.toString(), c.type().name(), c.tenant(), null, null, null,
                        true, null, 0, List.of(), List.of(), false);
            }, view -> Map.of("inside", false));
        }
        CaseRecord theCase = reads.find(caseId);
        List<AwaitableMessages.Awaitable> messages = List.of();
        boolean messagesAvailable = true;
        if (theCase.processInstanceKey() != null && theCase.status() == CaseStatus.OPEN) {
            try {
                messages = awaitable.among(theCase.type(), engine.awaitedMessages(theCase.processInstanceKey()), caller);
            } catch (CaseProblem e) {
                log.info("messages awaited by case {} not read from the engine: {}", caseId, e.getMessage());
                messagesAvailable = false;
            }
        }
        List<AwaitableMessages.Awaitable> offered = messages;
        boolean available = messagesAvailable;
        return reads.audited(caller, caseId, "summary", () -> {
            List<Referral> referrals = referrals(caseId);
            Optional<Referral> first = referrals.stream().findFirst();
            CaseViews.ReferralView referral = first.map(r -> new CaseViews.ReferralView(r.kind(), r.receivedAt(),
                    r.channel(), ReferralFields.of(r.envelope().path("data")))).orElse(null);
            return new CaseViews.SummaryView(caseId.toString(), theCase.type().name(), theCase.tenant(),
                    theCase.status().name(), theCase.openedAt(), theCase.processVersion(),
                    restrictions.find(caseId).isPresent(), referral, referrals.size(), linked(caller, caseId), offered,
                    available);
        }, view -> {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("inside", true);
            detail.put("referralFields", view.referral() == null ? 0 : view.referral().fields().size());
            detail.put("linkedCases", view.linkedCases().stream().map(CaseViews.LinkedCaseView::caseId).toList());
            return detail;
        });
    }

    private record Referral(String kind, java.time.Instant receivedAt, String channel, JsonNode envelope) {
    }

    private List<Referral> referrals(CaseId caseId) {
        return jdbc.sql("""
                        SELECT event_type, received_at, channel, payload::text AS payload FROM referral
                        WHERE case_id = :caseId ORDER BY received_at, id""")
                .param("caseId", caseId.value())
                .query((rs, n) -> new Referral(kind(rs.getString("event_type")), rs.getTimestamp("received_at").toInstant(),
                        rs.getString("channel"), read(rs.getString("payload"))))
                .list();
    }

    private static String kind(String eventType) {
        return eventType.startsWith(ReferralKind.TYPE_PREFIX) ? eventType.substring(ReferralKind.TYPE_PREFIX.length())
                : eventType;
    }

    private JsonNode read(String text) {
        try {
            return json.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("referral.payload is not JSON", e);
        }
    }

    /**
     * Both directions of {@code case_link}, each other case once per relation, in the caller's partnerships only (a
     * link never reaches across partnerships; if one did, it would not be shown).
     */
    private List<CaseViews.LinkedCaseView> linked(Caller caller, CaseId caseId) {
        List<CaseViews.LinkedCaseView> rows = jdbc.sql("""
                        SELECT other.id, other.case_type, other.tenant,
                               CASE WHEN (l.case_id = :caseId) = (l.link_type = 'SIN_CANDIDATE') THEN 'RAISED'
                                    ELSE 'RAISED_BY' END AS relation, l.created_at
                        FROM case_link l
                        JOIN case_file other ON other.id = CASE WHEN l.case_id = :caseId THEN l.linked_case_id
                                                                ELSE l.case_id END
                        WHERE l.case_id = :caseId OR l.linked_case_id = :caseId
                        ORDER BY l.created_at, other.id""")
                .param("caseId", caseId.value())
                .query((rs, n) -> caller.tenants().contains(rs.getString("tenant"))
                        ? new CaseViews.LinkedCaseView(rs.getObject("id", UUID.class).toString(),
                        rs.getString("case_type"), rs.getString("relation")) : null)
                .list();
        Set<CaseViews.LinkedCaseView> unique = new LinkedHashSet<>();
        for (CaseViews.LinkedCaseView row : rows) {
            if (row != null) {
                unique.add(row);
            }
        }
        return new ArrayList<>(unique);
    }
}
