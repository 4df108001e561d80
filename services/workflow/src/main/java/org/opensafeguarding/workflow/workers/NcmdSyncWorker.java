package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.notices.NcmdSubmissions;
import org.springframework.stereotype.Component;

import java.util.Map;

/**
 * {@code cdr.ncmd-sync}: queues the case for NCMD (or, before NCMD went live, the LSCB1 return) with header
 * {@code ncmdStatus}; when FINALISED, with the category of death and modifiable factors ({@link NcmdSubmissions}).
 */
@Component
public class NcmdSyncWorker {

    private final JobRunner jobs;
    private final NcmdSubmissions submissions;
    private final CaseRepository cases;

    public NcmdSyncWorker(JobRunner jobs, NcmdSubmissions submissions, CaseRepository cases) {
        this.jobs = jobs;
        this.submissions = submissions;
        this.cases = cases;
    }

    @JobWorker(type = JobTypes.CDR_NCMD_SYNC, fetchVariables = {"caseId", "categoryOfDeath", "modifiableFactors"})
    public Map<String, Object> sync(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            CaseRecord c = cases.require(in.caseId());
            submissions.sync(c, in.requiredHeader("ncmdStatus"), in.value("categoryOfDeath"),
                    in.code("modifiableFactors"), now, actor);
            return Map.of();
        });
    }
}
