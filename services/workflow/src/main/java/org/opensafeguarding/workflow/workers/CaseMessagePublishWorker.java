package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.intake.SeriousIncidentReferrals;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code case-message.publish} (docs/processes.md §1.7): opens the serious-incident case the message starts and has
 * {@code sin.candidate.raised} published after commit ({@link SeriousIncidentReferrals}); returns
 * {@code sinCandidateRaised = true} and {@code linkedCaseId}. A second raise for the same death returns the case
 * the first one opened.
 */
@Component
public class CaseMessagePublishWorker {

    private final JobRunner jobs;
    private final SeriousIncidentReferrals referrals;

    public CaseMessagePublishWorker(JobRunner jobs, SeriousIncidentReferrals referrals) {
        this.jobs = jobs;
        this.referrals = referrals;
    }

    @JobWorker(type = JobTypes.CASE_MESSAGE_PUBLISH, fetchVariables = {"caseId", "processVersion"})
    public Map<String, Object> publish(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            SeriousIncidentReferrals.Raised raised = referrals.raise(in.caseId(), in.requiredHeader("messageName"),
                    in.requiredHeader("raisedBy"), now, actor);
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("sinCandidateRaised", true);
            out.put("linkedCaseId", raised.caseId().toString());
            return out;
        });
    }
}
