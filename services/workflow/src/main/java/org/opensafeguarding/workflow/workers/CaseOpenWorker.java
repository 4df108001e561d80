package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.caserecords.CaseOpening;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code case.open}: finds the case record, checks the pinned regime, pins the KCSIE edition (LADO), links the
 * source case and returns the tenant's configuration ({@link CaseOpening}).
 */
@Component
public class CaseOpenWorker {

    private final JobRunner jobs;
    private final CaseOpening opening;

    public CaseOpenWorker(JobRunner jobs, CaseOpening opening) {
        this.jobs = jobs;
        this.opening = opening;
    }

    @JobWorker(type = JobTypes.CASE_OPEN, fetchVariables = {"caseId", "caseType", "processVersion", "tenant", "sourceCaseId"})
    public Map<String, Object> open(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> opening.open(new CaseOpening.Request(in.caseId(), in.code("caseType"),
                in.code("processVersion"), in.code("tenant"), in.string("sourceCaseId"), job.getProcessInstanceKey()),
                now, actor));
    }
}
