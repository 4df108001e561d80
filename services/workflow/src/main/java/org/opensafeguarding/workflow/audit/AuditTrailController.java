package org.opensafeguarding.workflow.audit;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.opensafeguarding.identity.access.Role;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The auditor API (docs/security.md, "Audit trail"): the audit rows of the caller's own partnerships, and whether
 * the hash chain holds. Only the AUDITOR role may call it, and every call is itself audited (READ of
 * {@code audit_log}), in the same transaction as the read.
 */
@RestController
@RequestMapping(path = "/api/audit", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Audit", description = "The audit trail, for auditors: rows of their own partnerships, newest first, and "
        + "verification of the hash chain that makes the trail tamper-evident.")
class AuditTrailController {

    static final String RESOURCE = "audit_log";
    static final int DEFAULT_PAGE_SIZE = 50;
    static final int MAX_PAGE = 1_000_000;

    /** Dates (no time) are days in England. */
    static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static final Pattern UUID_TEXT =
            Pattern.compile("^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$");

    private final AuditTrail trail;
    private final AuditChainVerifier verifier;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    AuditTrailController(AuditTrail trail, AuditChainVerifier verifier, AuditLog audit,
                         TransactionTemplate transactions) {
        this.trail = trail;
        this.verifier = verifier;
        this.audit = audit;
        this.transactions = transactions;
    }

    @Operation(summary = "Search the audit trail of the caller's partnerships, newest first",
            description = "Filters combine. from and to are ISO-8601 instants (2024-05-01T09:00:00Z) or dates "
                    + "(2024-05-01, a day in England): from is inclusive, to exclusive for an instant and inclusive "
                    + "for a date (the whole day). Rows without a tenant are not shown. hasMore tells whether "
                    + "another page follows.",
            responses = {@ApiResponse(responseCode = "200", description = "a page of audit rows"),
                    @ApiResponse(responseCode = "400", description = "a parameter is not valid; 'parameter' names it",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    AuditTrail.Page search(
            @Parameter(description = "only rows of this case (UUID)") @RequestParam(required = false) String caseId,
            @Parameter(description = "only rows of this actor, e.g. user:lado1") @RequestParam(required = false) String actor,
            @Parameter(description = "from this instant or date on") @RequestParam(required = false) String from,
            @Parameter(description = "until this instant, or to the end of this date") @RequestParam(required = false) String to,
            @Parameter(description = "page number, from 0") @RequestParam(required = false) String page,
            @Parameter(description = "rows per page, 1 to 200 (default 50)") @RequestParam(required = false) String size) {
        Identity auditor = auditor("query");
        AuditTrail.Query query = query(caseId, actor, from, to, page, size);
        return transactions.execute(status -> {
            AuditTrail.Page result = trail.search(auditor.tenants(), query);
            Map<String, Object> detail = new LinkedHashMap<>();
            putIfSet(detail, "caseId", query.caseId());
            putIfSet(detail, "actor", query.actor());
            putIfSet(detail, "from", query.from());
            putIfSet(detail, "to", query.to());
            detail.put("page", query.page());
            detail.put("size", query.size());
            detail.put("returned", result.items().size());
            detail.put("tenants", auditor.tenants().stream().sorted().toList());
            audit.record(AuditEntry.by(auditor, AuditAction.READ, RESOURCE, "query").withCaseId(query.caseId())
                    .withDetail(detail));
            return result;
        });
    }

    @Operation(summary = "Verify the audit trail's hash chain",
            description = "Walks the whole chain in id order and reports the first row that was changed, or where "
                    + "rows were removed. Covers every partnership's rows; answers only counts and row ids.")
    @GetMapping("/verification")
    AuditChainVerifier.Result verification() {
        Identity auditor = auditor("verification");
        AuditChainVerifier.Result result = verifier.verify();
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("verified", result.verified());
        detail.put("rowsChecked", result.rowsChecked());
        putIfSet(detail, "firstBrokenRowId", result.firstBrokenRowId());
        putIfSet(detail, "problem", result.problemCode());
        transactions.executeWithoutResult(status ->
                audit.record(AuditEntry.by(auditor, AuditAction.READ, RESOURCE, "verification").withDetail(detail)));
        return result;
    }

    /** The verified caller; the access matrix lets only auditors in, and this says so again. */
    private Identity auditor(String resourceId) {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (!(authentication instanceof IdentityAuthentication verified) || !verified.isAuthenticated()) {
            throw new AuditRequestException(HttpStatus.UNAUTHORIZED, "unauthenticated", null,
                    "Sign in: the audit trail needs an auditor's bearer token.");
        }
        Identity identity = verified.identity();
        if (!identity.has(Role.AUDITOR)) {
            transactions.executeWithoutResult(status -> audit.record(
                    AuditEntry.by(identity, AuditAction.DENIED, RESOURCE, resourceId)
                            .withDetail(Map.of("reason", "not an auditor"))));
            throw new AuditRequestException(HttpStatus.FORBIDDEN, "forbidden", null,
                    "Only auditors may read the audit trail.");
        }
        return identity;
    }

    static AuditTrail.Query query(String caseId, String actor, String from, String to, String page, String size) {
        UUID theCase = null;
        if (caseId != null) {
            if (!UUID_TEXT.matcher(caseId).matches()) {
                throw AuditRequestException.invalid("caseId", "caseId must be a case id (a UUID).");
            }
            theCase = UUID.fromString(caseId);
        }
        if (actor != null && (actor.isBlank() || actor.length() > 200)) {
            throw AuditRequestException.invalid("actor", "actor must be 1 to 200 characters.");
        }
        Instant start = from == null ? null : instant("from", from, false);
        Instant end = to == null ? null : instant("to", to, true);
        if (start != null && end != null && !end.isAfter(start)) {
            throw AuditRequestException.invalid("to", "to must be after from.");
        }
        int pageNumber = integer("page", page, 0, 0, MAX_PAGE);
        int pageSize = integer("size", size, DEFAULT_PAGE_SIZE, 1, AuditTrail.MAX_PAGE_SIZE);
        return new AuditTrail.Query(theCase, actor, start, end, pageNumber, pageSize);
    }

    /** An ISO-8601 instant (with Z or an offset), or a date: its first instant, or for an end the next day's. */
    private static Instant instant(String name, String text, boolean end) {
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeException notAnInstant) {
            try {
                LocalDate day = LocalDate.parse(text);
                return (end ? day.plusDays(1) : day).atStartOfDay(LONDON).toInstant();
            } catch (DateTimeException notADate) {
                throw AuditRequestException.invalid(name, name + " must be an ISO-8601 instant (2024-05-01T09:00:00Z)"
                        + " or date (2024-05-01).");
            }
        }
    }

    private static int integer(String name, String text, int fallback, int min, int max) {
        if (text == null) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(text.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw AuditRequestException.invalid(name, name + " must be a whole number from " + min + " to " + max + ".");
    }

    private static void putIfSet(Map<String, Object> detail, String key, Object value) {
        if (value != null) {
            detail.put(key, value.toString());
        }
    }
}
