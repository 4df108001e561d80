package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.notices.Notices;
import org.springframework.stereotype.Component;

import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * {@code review.notify-panel}: records and queues a notice to the national panel, Ofsted, DfE or the Secretary of
 * State with the decision codes it reports ({@link Notices#notifyPanel}). All variables are fetched because the
 * decision variables differ by notice.
 */
@Component
public class ReviewNotifyPanelWorker {

    private final JobRunner jobs;
    private final Notices notices;

    public ReviewNotifyPanelWorker(JobRunner jobs, Notices notices) {
        this.jobs = jobs;
        this.notices = notices;
    }

    @JobWorker(type = JobTypes.REVIEW_NOTIFY_PANEL, fetchAllVariables = true)
    public Map<String, Object> notifyPanel(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            String recipients = in.header("recipients");
            List<String> to = recipients == null ? List.of()
                    : Arrays.stream(recipients.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
            notices.notifyPanel(in.caseId(), job.getKey(), in.requiredHeader("notice"), to, in.variables(), now, actor);
            return Map.of();
        });
    }
}
