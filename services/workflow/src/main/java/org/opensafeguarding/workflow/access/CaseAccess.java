package org.opensafeguarding.workflow.access;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Need-to-know over cases (docs/security.md): a caller sees inside a case only if it belongs to one of their
 * partnerships, is of a case type their roles work on, and, when restricted, names them or they broke the glass.
 * A case of another partnership is answered as if it did not exist; a restricted one says that it is restricted
 * and nothing more. Every refusal is audited before it is answered.
 */
@Component
public class CaseAccess {

    public enum Verdict {
        ALLOWED,
        /** Another partnership's case, or no such case: the caller learns nothing, not even that it exists. */
        NOT_FOUND,
        /** The caller's roles do not work on this case type. */
        WRONG_CASE_TYPE,
        /** Restricted, and the caller is not named on it and holds no break-glass grant. */
        RESTRICTED
    }

    private final CaseRepository cases;
    private final CaseRestrictions restrictions;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public CaseAccess(CaseRepository cases, CaseRestrictions restrictions, AuditLog audit,
                      TransactionTemplate transactions, Clock clock) {
        this.cases = cases;
        this.restrictions = restrictions;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Verdict verdict(Caller caller, CaseId caseId) {
        Optional<CaseRecord> found = cases.find(caseId);
        if (found.isEmpty() || !caller.tenants().contains(found.get().tenant())) {
            return Verdict.NOT_FOUND;
        }
        return verdictOn(caller, found.get());
    }

    /** For a case already read (and known to exist). */
    public Verdict verdictOn(Caller caller, CaseRecord theCase) {
        if (!caller.tenants().contains(theCase.tenant())) {
            return Verdict.NOT_FOUND;
        }
        if (!caller.caseTypes().contains(theCase.type().name())) {
            return Verdict.WRONG_CASE_TYPE;
        }
        return restrictions.visibleTo(theCase.id(), caller.userId(), clock.instant())
                ? Verdict.ALLOWED : Verdict.RESTRICTED;
    }

    /**
     * Checks the caller may see inside the case, auditing a refusal (its own transaction: the refusal is recorded even
     * though nothing else happens).
     *
     * @throws CaseAccessDenied when not {@link Verdict#ALLOWED}
     */
    public void require(Caller caller, CaseId caseId, String action) {
        require(caller, caseId, action, "case", caseId.toString());
    }

    /** As {@link #require(Caller, CaseId, String)}, auditing a refusal against the record asked for (a task, ...). */
    public void require(Caller caller, CaseId caseId, String action, String resourceType, String resourceId) {
        Verdict verdict = verdict(caller, caseId);
        if (verdict != Verdict.ALLOWED) {
            deny(caller, caseId, action, verdict, resourceType, resourceId);
        }
    }

    public void requireOn(Caller caller, CaseRecord theCase, String action) {
        Verdict verdict = verdictOn(caller, theCase);
        if (verdict != Verdict.ALLOWED) {
            deny(caller, theCase.id(), action, verdict, "case", theCase.id().toString());
        }
    }

    private void deny(Caller caller, CaseId caseId, String action, Verdict verdict, String resourceType,
                      String resourceId) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("action", action);
        detail.put("verdict", verdict.name());
        detail.put("caseId", caseId.toString());
        detail.put("roles", caller.roleCodes());
        transactions.executeWithoutResult(status -> audit.record(
                caller.audit(AuditAction.DENIED, resourceType, resourceId).withDetail(detail)));
        throw new CaseAccessDenied(caseId, verdict);
    }

    /** A refusal by need-to-know; the API answers 404 for {@link Verdict#NOT_FOUND}, else 403. */
    public static final class CaseAccessDenied extends RuntimeException {
        private final CaseId caseId;
        private final Verdict verdict;

        CaseAccessDenied(CaseId caseId, Verdict verdict) {
            super(switch (verdict) {
                case NOT_FOUND -> "No case " + caseId;
                case WRONG_CASE_TYPE -> "Case " + caseId + " is not of a case type your roles work on";
                case RESTRICTED -> "Case " + caseId + " is restricted to the people named on it; if you need to see "
                        + "it, break the glass with a reason (POST /api/cases/" + caseId + "/break-glass)";
                case ALLOWED -> throw new IllegalArgumentException("not a refusal");
            });
            this.caseId = caseId;
            this.verdict = verdict;
        }

        public CaseId caseId() {
            return caseId;
        }

        public Verdict verdict() {
            return verdict;
        }

        public int status() {
            return verdict == Verdict.NOT_FOUND ? 404 : 403;
        }

        public String code() {
            return switch (verdict) {
                case NOT_FOUND -> "unknown-case";
                case WRONG_CASE_TYPE -> "case-type-not-allowed";
                default -> "restricted";
            };
        }
    }
}
