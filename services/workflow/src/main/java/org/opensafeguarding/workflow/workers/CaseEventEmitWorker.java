package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.springframework.stereotype.Component;

import java.util.List;
import java.util.Map;

/**
 * {@code case-event.emit}: with {@code eventType=deadline.breached} (the only event type the models emit) marks the
 * case's deadline BREACHED and writes {@code deadline.breached} to the outbox ({@link Deadlines#breach}). The
 * timescale comes from header {@code timescaleId}, or from the task's input variable of that name. Variables are
 * all fetched because the due date sits in a variable whose name depends on the timescale.
 */
@Component
public class CaseEventEmitWorker {

    public static final List<String> EVENT_TYPES = List.of("deadline.breached");

    private final JobRunner jobs;
    private final Deadlines deadlines;

    public CaseEventEmitWorker(JobRunner jobs, Deadlines deadlines) {
        this.jobs = jobs;
        this.deadlines = deadlines;
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
            deadlines.breach(in.caseId(), timescaleId, in.variables(), now, actor);
            return Map.of();
        });
    }
}
