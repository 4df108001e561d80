package org.opensafeguarding.workflow.access;

import jakarta.servlet.http.HttpServletRequest;
import org.opensafeguarding.identity.access.AccessDenials;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Refused attempts are audited too: a request without a valid token, or with roles the access matrix does not
 * allow, leaves a DENIED row naming the endpoint (method and path template; never the body).
 */
@Component
class AuditedDenials implements AccessDenials {

    private final AuditLog audit;
    private final TransactionTemplate transactions;

    AuditedDenials(AuditLog audit, TransactionTemplate transactions) {
        this.audit = audit;
        this.transactions = transactions;
    }

    @Override
    public void denied(HttpServletRequest request, Identity identity, int status, String reason) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("status", status);
        detail.put("reason", reason);
        detail.put("method", request.getMethod());
        // the path names the resource (e.g. a task key); bounded so a crafted URL cannot bloat the trail
        String path = request.getRequestURI();
        String resource = path.length() > 200 ? path.substring(0, 200) : path;
        AuditEntry entry = identity == null ? AuditEntry.of("anonymous", AuditAction.DENIED, "endpoint", resource)
                : AuditEntry.by(identity, AuditAction.DENIED, "endpoint", resource);
        transactions.executeWithoutResult(s -> audit.record(entry.withDetail(detail)));
    }
}
