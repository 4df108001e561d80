package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.engine.EngineCommands;
import org.opensafeguarding.workflow.engine.ProcessIds;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code case-event.emit}: with {@code eventType=deadline.breached} (the only event type the models emit) marks the
 * case's deadline BREACHED and writes {@code deadline.breached} to the outbox ({@link Deadlines#breach}). The
 * timescale comes from header {@code timescaleId}, or from the task's input variable of that name. Variables are
 * all fetched because the due date sits in a variable whose name depends on the timescale.
 *
 * <p>With header {@code escalateTo} (the next tier's candidate group) it also asks, in the same transaction, for a
 * {@code deadline-escalation} instance holding the escalation task. The task lives outside the case's instance so
 * that it never holds up the case, not even when the timer sits inside a subprocess; the job key is the message id,
 * so a job delivered twice escalates once. A deadline met just before its timer fired is not escalated; one another
 * job already breached is (agencies asked together share a row, and each late agency is chased). The escalation
 * names the timescale actually breached, which for a timer serving two timescales (L3/L3a) may not be the one in
 * the header.
 */
@Component
public class CaseEventEmitWorker {

    public static final List<String> EVENT_TYPES = List.of("deadline.breached");

    private final JobRunner jobs;
    private final Deadlines deadlines;
    private final EngineCommands engineCommands;

    public CaseEventEmitWorker(JobRunner jobs, Deadlines deadlines, EngineCommands engineCommands) {
        this.jobs = jobs;
        this.deadlines = deadlines;
        this.engineCommands = engineCommands;
    }

    @JobWorker(type = JobTypes.CASE_EVENT_EMIT, fetchAllVariables = true)
    public Map<String, Object> emit(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            in.headerOneOf("eventType", EVENT_TYPES);
            String timescaleId = in.header("timescaleId") != null ? in.header("timescaleId") : in.code("timescaleId");
            if (timescaleId == null) {
                throw new InvalidCaseDataException("timescaleId: missing; set header timescaleId or an input mapping"
                        + " of that name on " + job.getElementId());
            }
            Optional<Deadlines.Deadline> breached = deadlines.breach(in.caseId(), timescaleId, in.variables(), now, actor)
                    // already marked by another job on the same row: agencies asked together share one deadline
                    // row, and each late agency's own timer still calls for its chase
                    .or(() -> alreadyBreached(in, timescaleId));
            String escalateTo = in.header("escalateTo");
            // a deadline met just before its timer fired needs no escalation
            if (escalateTo != null && breached.isPresent()) {
                escalate(job, in, escalateTo, breached.get(), now);
            }
            return Map.of();
        });
    }

    private Optional<Deadlines.Deadline> alreadyBreached(JobInput in, String timescaleId) {
        return deadlines.of(in.caseId()).stream()
                .filter(d -> d.timescaleId().equals(timescaleId) && "BREACHED".equals(d.status()))
                .max(Comparator.comparing(Deadlines.Deadline::dueAt));
    }

    private void escalate(ActivatedJob job, JobInput in, String escalateTo, Deadlines.Deadline breached, Instant now) {
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", in.caseId().toString());
        // the timescale actually breached, which the header may not name: one timer can serve two (L3/L3a share
        // duePoliceReview and Timer_L3_PoliceReview)
        variables.put("timescaleId", breached.timescaleId());
        variables.put("escalateTo", escalateTo);
        variables.put("escalationTurnaround", in.requiredString("escalationTurnaround",
                "the escalation task's due date is now + escalationTurnaround (set by case.open)"));
        variables.put("dueAt", breached.dueAt().toString());
        // when the breach was recorded, so the escalation task can say when the deadline passed (a date, no more)
        variables.put("breachedAt", now.toString());
        variables.put("sourceProcessInstanceKey", job.getProcessInstanceKey());
        variables.put("sourceElementId", job.getElementId());
        String messageId = "escalation:" + job.getKey();
        engineCommands.requestPublish(in.caseId(), ProcessIds.DEADLINE_ESCALATION, ProcessIds.ESCALATION_MESSAGE,
                messageId, messageId, variables);
    }
}
