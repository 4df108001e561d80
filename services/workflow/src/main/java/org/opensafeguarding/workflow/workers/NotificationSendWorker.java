package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.notices.Notices;
import org.springframework.stereotype.Component;

import java.util.Map;

/** {@code notification.send}: records and queues a templated notification to a role ({@link Notices#notifyRole}). */
@Component
public class NotificationSendWorker {

    private final JobRunner jobs;
    private final Notices notices;

    public NotificationSendWorker(JobRunner jobs, Notices notices) {
        this.jobs = jobs;
        this.notices = notices;
    }

    @JobWorker(type = JobTypes.NOTIFICATION_SEND, fetchVariables = {"caseId"})
    public Map<String, Object> send(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            notices.notifyRole(in.caseId(), job.getKey(), in.requiredHeader("template"),
                    in.requiredHeader("recipientRole"), now, actor);
            return Map.of();
        });
    }
}
