package org.opensafeguarding.workflow.cases;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The case API (docs/cases.md): what a case page shows. Every operation needs a person's access token
 * (docs/security.md); need-to-know as in the tasklist; every read audited.
 */
@RestController
// The answers every case read shares; the shared OpenAPI customiser adds the problem body and headers to each.
@ApiResponse(responseCode = "400", description = "caseId is not a UUID")
@ApiResponse(responseCode = "401", description = "no caller identity")
@ApiResponse(responseCode = "403", description = "the caller's roles do not work on this case type; for the timeline, "
        + "deadlines and diagram also a restricted case the caller is not named on")
@ApiResponse(responseCode = "404", description = "no such case in the caller's partnerships")
@RequestMapping(path = "/api/cases/{caseId}", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Cases", description = "A case as its page shows it: summary and referral, timeline, deadlines with their "
        + "RAG, and the process diagram. Only for the case's partnership and the teams working on its case type; a "
        + "restricted case only for the people named on it (others learn only that it exists and is restricted).")
class CaseController {

    private static final String PROBLEM = MediaType.APPLICATION_PROBLEM_JSON_VALUE;

    private final CaseSummaries summaries;
    private final CaseTimelines timelines;
    private final CaseDeadlines deadlines;
    private final CaseDiagrams diagrams;

    CaseController(CaseSummaries summaries, CaseTimelines timelines, CaseDeadlines deadlines, CaseDiagrams diagrams) {
        this.summaries = summaries;
        this.timelines = timelines;
        this.deadlines = deadlines;
        this.diagrams = diagrams;
    }

    @Operation(summary = "The case: status, regime, what its referral says, linked cases and the messages its "
            + "process waits for now",
            description = "The referral's items are personal data: shown only to those who may see inside the case. "
                    + "A restricted case the caller is not named on (and has no break-glass grant for) answers 200 with "
                    + "restricted true and nothing else but its id, type and partnership. The read is audited.",
            responses = {@ApiResponse(responseCode = "200", description = "the case")})
    @GetMapping
    CaseViews.SummaryView summary(@Parameter(hidden = true) Caller caller,
                                  @Parameter(description = "the case id (UUID)") @PathVariable String caseId) {
        return summaries.summary(caller, caseId);
    }

    @Operation(summary = "What happened on the case, oldest first",
            description = "Case events (opened, tasks created, claimed and completed, decisions, deadlines set, met "
                    + "and passed, outcomes, notices, closure) and case messages, with the day each happened where the "
                    + "record says. Codes, days and roles only. Audited.",
            responses = {@ApiResponse(responseCode = "200", description = "the timeline")})
    @GetMapping("/timeline")
    CaseViews.TimelineView timeline(@Parameter(hidden = true) Caller caller,
                                    @Parameter(description = "the case id (UUID)") @PathVariable String caseId) {
        return timelines.timeline(caller, caseId);
    }

    @Operation(summary = "The case's deadlines with their state and RAG today",
            description = "RED past due or breached while the case is open; AMBER from "
                    + "safeguarding.cases.amber-working-days (default 2) working days before due; GREEN before; null "
                    + "for met, lapsed, or breached on a closed case. Audited.",
            responses = {@ApiResponse(responseCode = "200", description = "the deadlines, soonest due first")})
    @GetMapping("/deadlines")
    CaseViews.DeadlinesView deadlines(@Parameter(hidden = true) Caller caller,
                                      @Parameter(description = "the case id (UUID)") @PathVariable String caseId) {
        return deadlines.deadlines(caller, caseId);
    }

    @Operation(summary = "The case's process diagram: deployed BPMN XML, active and completed elements",
            description = "From the engine: the process definition the case's instance runs and its XML, the active "
                    + "elements (an open user task with its task key and due date) and the completed ones. Audited.",
            responses = {@ApiResponse(responseCode = "200", description = "the diagram"),
                    @ApiResponse(responseCode = "409", description = "no-process-instance: the case has none (its start "
                            + "is still queued, or it was imported closed); not-in-engine: it ended and the engine no "
                            + "longer keeps it", content = @Content(mediaType = PROBLEM)),
                    @ApiResponse(responseCode = "503", description = "the engine cannot be asked just now",
                            content = @Content(mediaType = PROBLEM))})
    @GetMapping("/diagram")
    CaseViews.DiagramView diagram(@Parameter(hidden = true) Caller caller,
                                  @Parameter(description = "the case id (UUID)") @PathVariable String caseId) {
        return diagrams.diagram(caller, caseId);
    }
}
