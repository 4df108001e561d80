package org.opensafeguarding.workflow.workers;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.lado.LadoRecords;
import org.springframework.stereotype.Component;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code lado.record-outcome}: checks {@code finding} against the KCSIE edition pinned on the case and stores the
 * finding, disposal and referral decisions with {@code outcome.recorded} events ({@link LadoRecords}).
 */
@Component
public class LadoRecordOutcomeWorker {

    private final JobRunner jobs;
    private final LadoRecords lado;
    private final CaseRepository cases;

    public LadoRecordOutcomeWorker(JobRunner jobs, LadoRecords lado, CaseRepository cases) {
        this.jobs = jobs;
        this.lado = lado;
        this.cases = cases;
    }

    @JobWorker(type = JobTypes.LADO_RECORD_OUTCOME,
            fetchVariables = {"caseId", "kcsieEdition", "finding", "disposal", "referralsDecided"})
    public Map<String, Object> record(ActivatedJob job) {
        return jobs.run(job, (in, now, actor) -> {
            CaseRecord c = cases.require(in.caseId());
            Map<String, Boolean> referrals = new LinkedHashMap<>();
            in.context("referralsDecided").forEach((name, value) -> {
                if (value != null && !(value instanceof Boolean)) {
                    throw new InvalidCaseDataException("referralsDecided." + name + ": must be true or false");
                }
                referrals.put(name, (Boolean) value);
            });
            lado.recordOutcome(c, in.code("kcsieEdition"), in.code("finding"), in.code("disposal"), referrals, now, actor);
            return Map.of();
        });
    }
}
