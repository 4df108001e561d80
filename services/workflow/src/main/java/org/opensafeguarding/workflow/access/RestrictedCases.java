package org.opensafeguarding.workflow.access;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/** Restricting cases, naming people on them and breaking the glass; every read and change audited. */
@Service
@EnableConfigurationProperties(AccessProperties.class)
public class RestrictedCases {

    static final String USER_ID_PATTERN = "^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$";
    private static final Pattern USER_ID = Pattern.compile(USER_ID_PATTERN);
    static final int MIN_REASON = 10;
    static final int MAX_REASON = 2000;
    static final int MAX_MEMBERS = 50;

    private final CaseAccess access;
    private final CaseRestrictions restrictions;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final AccessProperties properties;
    private final Clock clock;

    public RestrictedCases(CaseAccess access, CaseRestrictions restrictions, CaseEvents caseEvents, AuditLog audit,
                           TransactionTemplate transactions, AccessProperties properties, Clock clock) {
        this.access = access;
        this.restrictions = restrictions;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.transactions = transactions;
        this.properties = properties;
        this.clock = clock;
    }

    /**
     * Restricts a case automatically (an allegation about partnership staff, a child death linked to a practice
     * review), in the caller's transaction. The people who already worked on it are named, so nobody loses their
     * work; anyone else of the team breaks the glass, which tells the manager.
     */
    public void restrictAutomatically(CaseId caseId, CaseRestrictions.Reason reason, String actor) {
        Instant now = clock.instant();
        if (restrictions.restrict(caseId, reason, actor, now)) {
            List<String> named = restrictions.workers(caseId);
            named.forEach(user -> restrictions.name(caseId, user, actor, now));
            audit.record(actor, AuditAction.UPDATE, "case", caseId.toString(),
                    Map.of("change", "restricted", "reason", reason.name(), "named", named));
        }
    }

    CaseAccessController.AccessView access(Caller caller, String caseIdText) {
        CaseId caseId = parse(caseIdText);
        CaseAccess.Verdict verdict = access.verdict(caller, caseId);
        if (verdict == CaseAccess.Verdict.NOT_FOUND || verdict == CaseAccess.Verdict.WRONG_CASE_TYPE) {
            access.require(caller, caseId, "read-access");
        }
        boolean inside = verdict == CaseAccess.Verdict.ALLOWED;
        return transactions.execute(status -> {
            var restriction = restrictions.find(caseId);
            audit.record(caller.audit(AuditAction.READ, "case_access", caseId.toString())
                    .withDetail(Map.of("restricted", restriction.isPresent(), "inside", inside)));
            return restriction.map(r -> new CaseAccessController.AccessView(caseId.toString(), true, r.reason().name(),
                            r.restrictedAt(), inside ? r.members() : null, inside))
                    .orElseGet(() -> new CaseAccessController.AccessView(caseId.toString(), false, null, null,
                            List.of(), true));
        });
    }

    CaseAccessController.AccessView change(Caller caller, String caseIdText, JsonNode body) {
        CaseId caseId = parse(caseIdText);
        access.require(caller, caseId, "change-access");
        if (body == null || !body.isObject() || !body.path("restricted").isBoolean()) {
            throw AccessProblem.badRequest("restricted", "required", "restricted must be true or false");
        }
        boolean restrict = body.get("restricted").booleanValue();
        Set<String> members = new LinkedHashSet<>();
        JsonNode listed = body.path("members");
        if (!listed.isMissingNode() && !listed.isArray()) {
            throw AccessProblem.badRequest("members", "type", "members must be a list of staff identifiers");
        }
        for (JsonNode m : listed) {
            if (!m.isTextual() || !USER_ID.matcher(m.textValue()).matches()) {
                throw AccessProblem.badRequest("members", "format", "each member must be a staff identifier "
                        + "(1-100 letters, digits, . _ @ -)");
            }
            members.add(m.textValue());
        }
        if (members.size() > MAX_MEMBERS) {
            throw AccessProblem.badRequest("members", "maxItems", "at most " + MAX_MEMBERS + " people can be named");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            var current = restrictions.find(caseId);
            if (!restrict) {
                if (current.isPresent() && current.get().reason() != CaseRestrictions.Reason.MANUAL) {
                    throw AccessProblem.conflict("automatic-restriction", "Case " + caseId + " was restricted "
                            + "automatically (" + current.get().reason() + ") and stays restricted");
                }
                if (restrictions.lift(caseId)) {
                    audit.record(caller.audit(AuditAction.UPDATE, "case_access", caseId.toString())
                            .withDetail(Map.of("change", "lifted")));
                }
                return;
            }
            if (current.isEmpty()) {
                restrictions.restrict(caseId, CaseRestrictions.Reason.MANUAL, caller.actor(), now);
            }
            // whoever restricts or re-lists a case stays on it, so nobody locks themselves out by accident
            members.add(caller.userId());
            List<String> added = new ArrayList<>();
            List<String> removed = new ArrayList<>();
            for (String member : members) {
                if (restrictions.name(caseId, member, caller.actor(), now)) {
                    added.add(member);
                }
            }
            for (String existing : restrictions.members(caseId)) {
                if (!members.contains(existing) && restrictions.unname(caseId, existing)) {
                    removed.add(existing);
                }
            }
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("change", current.isEmpty() ? "restricted" : "members");
            detail.put("added", added);
            detail.put("removed", removed);
            audit.record(caller.audit(AuditAction.UPDATE, "case_access", caseId.toString()).withDetail(detail));
        });
        return access(caller, caseIdText);
    }

    CaseAccessController.GrantView breakGlass(Caller caller, String caseIdText, JsonNode body) {
        CaseId caseId = parse(caseIdText);
        CaseAccess.Verdict verdict = access.verdict(caller, caseId);
        if (verdict == CaseAccess.Verdict.NOT_FOUND || verdict == CaseAccess.Verdict.WRONG_CASE_TYPE) {
            access.require(caller, caseId, "break-glass");
        }
        JsonNode reason = body == null ? null : body.get("reason");
        if (reason == null || !reason.isTextual() || reason.textValue().strip().length() < MIN_REASON
                || reason.textValue().length() > MAX_REASON) {
            throw AccessProblem.badRequest("reason", "length", "reason is required: " + MIN_REASON + " to "
                    + MAX_REASON + " characters saying why you need to see this case");
        }
        Instant now = clock.instant();
        Instant expires = now.plus(properties.breakGlassDuration());
        return transactions.execute(status -> {
            if (restrictions.find(caseId).isEmpty()) {
                throw AccessProblem.conflict("not-restricted", "Case " + caseId + " is not restricted: there is no "
                        + "glass to break");
            }
            long grant = restrictions.breakGlass(caseId, caller.userId(), reason.textValue().strip(), now, expires);
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("change", "break-glass");
            detail.put("grantId", grant);
            detail.put("expiresAt", expires.toString());
            detail.put("roles", caller.roleCodes());
            audit.record(caller.audit(AuditAction.UPDATE, "case_access", caseId.toString()).withDetail(detail));
            caseEvents.breakGlass(caseId, caller.roles().stream().sorted().findFirst().orElse("unknown"));
            return new CaseAccessController.GrantView(caseId.toString(), Long.toString(grant), expires);
        });
    }

    private static CaseId parse(String text) {
        try {
            return CaseId.parse(text);
        } catch (IllegalArgumentException e) {
            throw AccessProblem.badRequest("caseId", "format", "caseId must be a UUID");
        }
    }
}
