package org.opensafeguarding.workflow.caserecords;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseLinks;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.opensafeguarding.workflow.lado.LadoRecords;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenantConfig;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What {@code case.open} does (docs/processes.md §1.6): finds the case record intake created, checks the pinned
 * regime, pins the KCSIE edition of a LADO case, links the source case and returns the tenant's configuration as
 * process variables. Repeatable: a second call returns the same values and changes nothing.
 */
@Service
public class CaseOpening {

    /** The request as the job carries it; null fields were not set on the process. */
    public record Request(CaseId caseId, String caseType, String processVersion, String tenant, String sourceCaseId,
                          long processInstanceKey) {
    }

    private final CaseRepository cases;
    private final CaseLinks links;
    private final LadoRecords lado;
    private final Tenancy tenancy;
    private final AuditLog audit;

    public CaseOpening(CaseRepository cases, CaseLinks links, LadoRecords lado, Tenancy tenancy, AuditLog audit) {
        this.cases = cases;
        this.links = links;
        this.lado = lado;
        this.tenancy = tenancy;
        this.audit = audit;
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public Map<String, Object> open(Request request, Instant now, String actor) {
        CaseRecord c = cases.find(request.caseId()).orElseThrow(() -> new InvalidCaseDataException("caseId: no case "
                + request.caseId() + " exists; intake creates the case record before it starts the process"));
        check("caseType", request.caseType(), c.type().name());
        check("processVersion", request.processVersion(), c.processVersion());
        check("tenant", request.tenant(), c.tenant());
        cases.recordProcessInstance(c.id(), request.processInstanceKey());

        TenantConfig tenant = tenancy.forTenant(c.tenant());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("caseId", c.id().toString());
        out.put("processVersion", c.processVersion());
        out.put("defaultTaskTurnaround", tenant.defaultTaskTurnaround());
        out.put("escalationTurnaround", tenant.escalationTurnaround());
        out.put("agencyOptions", tenant.agencies().stream()
                .map(a -> Map.of("label", a.label(), "value", a.id())).toList());
        if (c.type() == CaseType.LADO_ALLEGATION) {
            Edition edition = lado.pinEdition(c, now, actor);
            out.put("kcsieEdition", edition.id());
            out.put("harmTestLimb4Applies", edition.harmTestLimb4());
            List<Map<String, String>> findings = edition.findings().stream()
                    .map(f -> Map.of("label", KcsieEditions.label(f), "value", f)).toList();
            out.put("findingOptions", findings);
            out.put("reviewMeetingCycle", tenant.reviewMeetingCycle());
        }
        if (ProcessIds.SCR_REFERRAL.equals(c.processId()) || ProcessIds.PRACTICE_REVIEW.equals(c.processId())) {
            out.put("actionPlanReviewInterval", tenant.actionPlanReviewInterval());
        }
        if (request.sourceCaseId() != null) {
            CaseId source;
            try {
                source = CaseId.parse(request.sourceCaseId());
            } catch (IllegalArgumentException e) {
                throw new InvalidCaseDataException("sourceCaseId: not a case id (a UUID)");
            }
            if (cases.find(source).isEmpty()) {
                throw new InvalidCaseDataException("sourceCaseId: no case " + source + " exists");
            }
            if (links.link(c.id(), source, CaseLinks.LinkType.SOURCE, now)) {
                audit.record(actor, AuditAction.UPDATE, "case", c.id().toString(),
                        Map.of("change", "linked", "linkType", "SOURCE", "linkedCaseId", source.toString()));
            }
        }
        audit.record(actor, AuditAction.READ, "case", c.id().toString(),
                Map.of("step", "case.open", "processInstanceKey", request.processInstanceKey()));
        return out;
    }

    private static void check(String variable, String given, String pinned) {
        if (given != null && !given.equals(pinned)) {
            throw new InvalidCaseDataException(variable + ": '" + given + "' does not match the case record ('" + pinned
                    + "'); a case keeps its type, tenant and process version for life (DOMAIN §0)");
        }
    }
}
