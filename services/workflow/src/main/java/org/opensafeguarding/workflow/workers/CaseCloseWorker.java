package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.caserecords.CaseClosing;
import org.springframework.stereotype.Component;

import java.util.Map;

/** {@code case.close}: closes the case record with header {@code closeReason} and emits case-closed ({@link CaseClosing}). */
@Component
public class CaseCloseWorker {

    private final JobRunner jobs;
    private final CaseClosing closing;

    public CaseCloseWorker(JobRunner jobs, CaseClosing closing) {
        this.jobs = jobs;
        this.closing = closing;
    }

    @JobWorker(type = JobTypes.CASE_CLOSE, fetchVariables = {"caseId", "caseType"})
    public Map<String, Object> close(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            closing.close(in.caseId(), in.header("closeReason"), now, actor);
            return Map.of();
        });
    }
}
