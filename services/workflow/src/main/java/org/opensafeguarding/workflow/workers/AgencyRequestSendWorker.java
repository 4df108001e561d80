package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner;
import org.opensafeguarding.workflow.notices.AgencyRequests;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.util.Map;

/**
 * {@code agency-request.send}: records and queues an information request to one agency ({@link AgencyRequests}),
 * due at {@code dueReportingForm} (child death) or {@code imrDueOn} (IMR), when the step has one.
 */
@Component
public class AgencyRequestSendWorker {

    private final JobRunner jobs;
    private final AgencyRequests requests;

    public AgencyRequestSendWorker(JobRunner jobs, AgencyRequests requests) {
        this.jobs = jobs;
        this.requests = requests;
    }

    @JobWorker(type = JobTypes.AGENCY_REQUEST_SEND, fetchVariables = {"caseId", "agencyId", "dueReportingForm", "imrDueOn"})
    public Map<String, Object> send(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            Instant due = null;
            if (in.has("dueReportingForm")) {
                due = DeadlinePlanner.parseInstant("dueReportingForm", in.value("dueReportingForm"));
            } else if (in.has("imrDueOn")) {
                due = DeadlinePlanner.parseInstant("imrDueOn", in.value("imrDueOn"));
            }
            requests.request(in.caseId(), job.getKey(), in.requiredHeader("requestType"), in.string("agencyId"), due,
                    now, actor);
            return Map.of();
        });
    }
}
