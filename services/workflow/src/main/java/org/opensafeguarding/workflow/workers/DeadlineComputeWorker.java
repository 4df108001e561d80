package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code deadline.compute} (docs/processes.md §1.3): due date-times from the working-day calendar and the tenant's
 * timescales, returned as {@code due<ID>} (or {@code resultVariable}) and recorded in {@code case_deadline} with a
 * {@code deadline.set} event ({@link Deadlines}). The clock-start variable is named by a header, so all variables
 * are fetched.
 */
@Component
public class DeadlineComputeWorker {

    private final JobRunner jobs;
    private final Deadlines deadlines;
    private final CaseRepository cases;
    private final Tenancy tenancy;

    public DeadlineComputeWorker(JobRunner jobs, Deadlines deadlines, CaseRepository cases, Tenancy tenancy) {
        this.jobs = jobs;
        this.deadlines = deadlines;
        this.cases = cases;
        this.tenancy = tenancy;
    }

    @JobWorker(type = JobTypes.DEADLINE_COMPUTE, fetchAllVariables = true)
    public Map<String, Object> compute(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            DeadlinePlanner.Request request = DeadlinePlanner.Request.fromHeaders(in.headers());
            CaseRecord c = cases.require(in.caseId());
            return deadlines.compute(c, request, tenancy.forTenant(c.tenant()), in.variables(), now, actor);
        });
    }
}
