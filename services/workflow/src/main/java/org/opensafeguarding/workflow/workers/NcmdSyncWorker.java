package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.deadlines.DeadlinePlanner;
import org.opensafeguarding.workflow.notices.NcmdSubmissions;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.Map;

/**
 * {@code cdr.ncmd-sync}: queues the case for NCMD (or, for a death before NCMD went live, the LSCB1 return) with
 * header {@code ncmdStatus}; when FINALISED, with the category of death and modifiable factors
 * ({@link NcmdSubmissions}). The target follows the death's date (the case's trigger date) and, when the model records
 * it, the CDOP review's date ({@code cdopReviewHeldOn}), never the day the job runs.
 */
@Component
public class NcmdSyncWorker {

    /** The CDOP review's business date, if the review form records it. */
    static final String REVIEW_DATE = "cdopReviewHeldOn";

    private final JobRunner jobs;
    private final NcmdSubmissions submissions;
    private final CaseRepository cases;

    public NcmdSyncWorker(JobRunner jobs, NcmdSubmissions submissions, CaseRepository cases) {
        this.jobs = jobs;
        this.submissions = submissions;
        this.cases = cases;
    }

    @JobWorker(type = JobTypes.CDR_NCMD_SYNC, fetchVariables = {"caseId", "categoryOfDeath", "modifiableFactors",
            NcmdSyncWorker.REVIEW_DATE})
    public Map<String, Object> sync(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            CaseRecord c = cases.require(in.caseId());
            LocalDate reviewedOn = in.has(REVIEW_DATE) && in.value(REVIEW_DATE) != null
                    ? DeadlinePlanner.parseInstant(REVIEW_DATE, in.value(REVIEW_DATE)).atZone(DeadlineCalculator.LONDON)
                    .toLocalDate() : null;
            submissions.sync(c, in.requiredHeader("ncmdStatus"), in.value("categoryOfDeath"),
                    in.code("modifiableFactors"), reviewedOn, now, actor);
            return Map.of();
        });
    }
}
