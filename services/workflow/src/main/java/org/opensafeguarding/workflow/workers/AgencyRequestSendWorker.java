package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner;
import org.opensafeguarding.workflow.deadlines.Deadlines;
import org.opensafeguarding.workflow.notices.AgencyRequests;
import org.springframework.stereotype.Component;

import java.time.Instant;
import java.time.LocalTime;
import java.util.Map;

/**
 * {@code agency-request.send}: records and queues an information request to one agency ({@link AgencyRequests}),
 * due at {@code dueReportingForm} (child death) or {@code imrDueOn} (IMR), when the step has one. An IMR
 * ({@code requestType=imr}) also records the IMR deadline (timescale {@code IMR}, due at the end of the working day
 * on {@code imrDueOn}, when the model's timer on {@code ReceiveImr} fires), which its chase breaches.
 */
@Component
public class AgencyRequestSendWorker {

    /** Time of day the IMR is late from: the model's timer is {@code imrDueOn + "T17:00:00@Europe/London"}. */
    static final LocalTime IMR_DUE_TIME = LocalTime.of(17, 0);

    private final JobRunner jobs;
    private final AgencyRequests requests;
    private final Deadlines deadlines;

    public AgencyRequestSendWorker(JobRunner jobs, AgencyRequests requests, Deadlines deadlines) {
        this.jobs = jobs;
        this.requests = requests;
        this.deadlines = deadlines;
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
            String requestType = in.requiredHeader("requestType");
            requests.request(in.caseId(), job.getKey(), requestType, in.string("agencyId"), due, now, actor);
            if ("imr".equals(requestType) && due != null && !in.has("dueReportingForm")) {
                deadlines.recordGiven(in.caseId(), "IMR", "imrDueOn", now, due.atZone(DeadlineCalculator.LONDON)
                        .toLocalDate().atTime(IMR_DUE_TIME).atZone(DeadlineCalculator.LONDON), now, actor);
            }
            return Map.of();
        });
    }
}
