package org.opensafeguarding.workflow.casemessages;

import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Audits refused calls of the case-messages API in a transaction of their own (the refused request stored nothing):
 * {@code DENIED} for a caller who may not send the message, {@code REFUSED} for everything else. Only codes, ids and
 * field names are written; a path segment that is not a well-formed code is written as {@code (invalid)}.
 */
@Component
class CaseMessageAudit {

    static final String RESOURCE = "case";
    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:/-]{0,99}$");
    private static final Pattern UUID_TEXT = Pattern.compile(
            "^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    CaseMessageAudit(AuditLog audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    /** @param request what was asked, as codes: {@code messageName} or {@code requestType} and {@code agencyId} */
    void refused(Caller caller, String caseId, Map<String, String> request, CaseMessageException refusal) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("change", "case-message-refused");
        request.forEach((name, value) -> detail.put(name, safe(value)));
        detail.put("status", refusal.status().value());
        detail.put("code", refusal.code());
        if (!refusal.violations().isEmpty()) {
            detail.put("fields", refusal.violations().stream().map(v -> v.field() + ":" + v.rule()).toList());
        }
        AuditAction action = refusal.status() == HttpStatus.FORBIDDEN ? AuditAction.DENIED : AuditAction.REFUSED;
        String resourceId = caseId != null && UUID_TEXT.matcher(caseId).matches() ? caseId : "(invalid)";
        transactions.executeWithoutResult(status -> audit.record(caller.audit(action, RESOURCE, resourceId)
                .withDetail(detail)));
    }

    static String safe(String value) {
        return value != null && CODE.matcher(value).matches() ? value : "(invalid)";
    }
}
