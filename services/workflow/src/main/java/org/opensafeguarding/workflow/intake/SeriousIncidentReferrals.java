package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.access.CaseRestrictions;
import org.opensafeguarding.workflow.access.RestrictedCases;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseLinks;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.casefile.RegimeProperties;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.engine.EngineCommands;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.pseudonym.AgeBand;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A child death review raising a serious incident (docs/processes.md §1.7, DOMAIN §7.1): opens the new case through
 * the same regime selection as a referral, links it to the death, and has the engine-command dispatcher publish
 * {@code sin.candidate.raised} after commit (or, for a trigger date before the SIN duty, start the 2013 SCR
 * process), exactly once per death.
 */
@Service
public class SeriousIncidentReferrals {

    /** The message that starts {@code practice-review-wt2018} from a child death ({@code Start_FromCdr}). */
    public static final String SIN_CANDIDATE_RAISED = "sin.candidate.raised";

    /** @param caseId the serious-incident case; @param created false when the death had raised one already */
    public record Raised(CaseId caseId, boolean created) {
    }

    private final RestrictedCases restricted;
    private final CaseRepository cases;
    private final CaseLinks links;
    private final EngineCommands engineCommands;
    private final CaseEvents events;
    private final AuditLog audit;
    private final RegimeSelector regimes;

    public SeriousIncidentReferrals(CaseRepository cases, CaseLinks links, EngineCommands engineCommands,
                                    CaseEvents events, AuditLog audit, RegimeProperties regimeProperties,
                                    RestrictedCases restricted) {
        this.restricted = restricted;
        this.cases = cases;
        this.links = links;
        this.engineCommands = engineCommands;
        this.events = events;
        this.audit = audit;
        this.regimes = new RegimeSelector(regimeProperties);
    }

    /**
     * @param raisedBy the step that raised it ({@code JAR}, {@code CDOP}), a code
     * @param now      the moment abuse or neglect was suspected: referral received and LA aware (the new case's
     *                 trigger date, which pins its regime, is the source case's: the date of death)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public Raised raise(CaseId sourceCaseId, String messageName, String raisedBy, Instant now, String actor) {
        if (!SIN_CANDIDATE_RAISED.equals(messageName)) {
            throw new InvalidCaseDataException("header messageName: '" + messageName + "' is not a message this step can"
                    + " publish; case-message.publish knows " + SIN_CANDIDATE_RAISED);
        }
        CaseRecord source = cases.find(sourceCaseId).orElseThrow(() -> new InvalidCaseDataException("caseId: no case "
                + sourceCaseId + " exists"));
        // the row lock serialises two raises for one death (RaiseSin1 and RaiseSin2 cannot both open a case)
        cases.lock(source.id());
        Optional<CaseId> existing = links.linked(source.id(), CaseLinks.LinkType.SIN_CANDIDATE);
        if (existing.isPresent()) {
            return new Raised(existing.get(), false);
        }
        // the incident is the death: its date pins the regime, as a notification's incident date does at intake
        LocalDate trigger = source.triggerDate();
        RegimeSelector.Choice choice = regimes.choose(CaseType.SERIOUS_INCIDENT, trigger, source.tenant());
        CaseId caseId = CaseId.newId();
        cases.insert(new CaseRecord(caseId, CaseType.SERIOUS_INCIDENT, choice.processId(), choice.processVersion(),
                source.tenant(), CaseStatus.OPEN, trigger, source.subjectBirthDate(), now, null));
        links.link(source.id(), caseId, CaseLinks.LinkType.SIN_CANDIDATE, now);

        String at = DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(now.atZone(DeadlineCalculator.LONDON));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("caseType", CaseType.SERIOUS_INCIDENT.name());
        variables.put("processVersion", choice.processVersion());
        variables.put("tenant", source.tenant());
        variables.put("triggerDate", trigger.toString());
        variables.put("sourceCaseId", source.id().toString());
        variables.put("referralReceivedAt", at);
        variables.put("laAwareAt", at);
        if (ProcessIds.PRACTICE_REVIEW.equals(choice.processId())) {
            engineCommands.requestPublish(caseId, choice.processId(), SIN_CANDIDATE_RAISED, source.id().toString(),
                    "sin:" + source.id(), variables);
        } else {
            // before the SIN duty a serious incident was a 2013 notifiable incident: the SCR process, started directly
            variables.put("notifiableIncident", true);
            variables.put("agencyIds", List.of());
            engineCommands.requestStart(caseId, choice.processId(), variables);
        }

        Map<String, Object> categories = new LinkedHashMap<>();
        categories.put("raisedBy", raisedBy);
        categories.put("sourceCaseType", source.type().name());
        events.caseOpened(caseId, ReferralKind.SERIOUS_INCIDENT_NOTIFICATION.kindName(), "PROCESS",
                AgeBand.at(source.subjectBirthDate(), source.triggerDate()), categories);
        audit.record(actor, AuditAction.CREATE, "case", caseId.toString(), Map.of("sourceCaseId", source.id().toString(),
                "caseType", CaseType.SERIOUS_INCIDENT.name(), "processId", choice.processId(),
                "processVersion", choice.processVersion(), "raisedBy", raisedBy));
        audit.record(actor, AuditAction.UPDATE, "case", source.id().toString(), Map.of("change", "linked",
                "linkType", CaseLinks.LinkType.SIN_CANDIDATE.name(), "linkedCaseId", caseId.toString()));
        // a death under practice review is restricted to the people named on it (docs/security.md)
        restricted.restrictAutomatically(source.id(), CaseRestrictions.Reason.LINKED_REVIEW, actor);
        return new Raised(caseId, true);
    }
}
