package org.opensafeguarding.workflow.cases;

import org.opensafeguarding.workflow.access.CaseAccess;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The one way the case API reads a case: the id checked, need-to-know applied (docs/security.md: another partnership's
 * case is answered as unknown, another team's case type and a restricted case are refused; each refusal audited),
 * and the read itself audited in the transaction that reads.
 */
@Component
class CaseReads {

    /** Audit resource type of every case API read: the row's case is its resource id. */
    static final String RESOURCE = "case";

    private final CaseRepository cases;
    private final CaseAccess access;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CaseReads(CaseRepository cases, CaseAccess access, AuditLog audit, TransactionTemplate transactions) {
        this.cases = cases;
        this.access = access;
        this.audit = audit;
        this.transactions = transactions;
    }

    static CaseId parse(String text) {
        try {
            return CaseId.parse(text);
        } catch (IllegalArgumentException e) {
            throw CaseProblem.badCaseId();
        }
    }

    /**
     * The case, when the caller may see inside it.
     *
     * @throws CaseAccess.CaseAccessDenied otherwise (audited)
     */
    CaseRecord inside(Caller caller, CaseId caseId, String action) {
        access.require(caller, caseId, action);
        return cases.find(caseId).orElseThrow();
    }

    /** What {@link CaseAccess} says, refusing (and auditing) all but ALLOWED and RESTRICTED. */
    CaseAccess.Verdict atLeastExists(Caller caller, CaseId caseId, String action) {
        CaseAccess.Verdict verdict = access.verdict(caller, caseId);
        if (verdict == CaseAccess.Verdict.NOT_FOUND || verdict == CaseAccess.Verdict.WRONG_CASE_TYPE) {
            access.require(caller, caseId, action);
        }
        return verdict;
    }

    /** Reads in one transaction and audits the read in it: the answer and its audit row commit together. */
    <T> T audited(Caller caller, CaseId caseId, String view, Supplier<T> read, Function<T, Map<String, ?>> detail) {
        return transactions.execute(status -> {
            T result = read.get();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("view", view);
            row.putAll(detail.apply(result));
            audit.record(caller.audit(AuditAction.READ, RESOURCE, caseId.toString()).withDetail(row));
            return result;
        });
    }

    CaseRecord find(CaseId caseId) {
        return cases.find(caseId).orElseThrow();
    }
}
