package org.opensafeguarding.workflow.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.Role;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The quarantined referral records, for auditors: metadata and codes only, never the record. Each list and each
 * acknowledgement is audited.
 */
@RestController
@RequestMapping("/api/quarantine")
class QuarantineController {

    static final int MAX_LIMIT = 1000;
    private static final Duration DEFAULT_PERIOD = Duration.ofDays(7);

    private final ReferralQuarantine quarantine;
    private final Clock clock;

    QuarantineController(ReferralQuarantine quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.clock = clock;
    }

    record Listing(Instant from, Instant to, List<ReferralQuarantine.Entry> entries, boolean truncated) {
    }

    @Operation(summary = "List quarantined referral records (metadata only)",
            description = "Entries received in [from, to): ISO 8601 instants (2024-03-04T09:00:00Z) or dates "
                    + "(2024-03-04, from the start of that day UTC). Defaults: the last 7 days. At most `limit` "
                    + "(default and maximum " + MAX_LIMIT + ") entries, oldest first; `truncated` says there are more. "
                    + "Role AUDITOR; every list is audited.")
    @GetMapping(produces = MediaType.APPLICATION_JSON_VALUE)
    Listing list(@Parameter(description = "start, inclusive") @RequestParam(required = false) String from,
                 @Parameter(description = "end, exclusive") @RequestParam(required = false) String to,
                 @RequestParam(required = false) Integer limit) {
        Identity caller = Callers.current();
        if (caller == null || !caller.has(Role.AUDITOR)) {
            throw new ReferralRejectedException(RejectionReason.NOT_AUTHORISED, "", "auditor",
                    "only an auditor may list the quarantine");
        }
        Instant end = to == null ? clock.instant() : instant("to", to);
        Instant start = from == null ? end.minus(DEFAULT_PERIOD) : instant("from", from);
        if (!start.isBefore(end)) {
            throw new QueryProblem("from", "before-to", "from must be before to");
        }
        int max = limit == null ? MAX_LIMIT : limit;
        if (max < 1 || max > MAX_LIMIT) {
            throw new QueryProblem("limit", "range", "limit must be between 1 and " + MAX_LIMIT);
        }
        ReferralQuarantine.Page page = quarantine.list(start, end, max, caller.actor());
        return new Listing(start, end, page.entries(), page.truncated());
    }

    /** Which entries to acknowledge: the ids named, and/or every one received before {@code receivedBefore}. */
    record AcknowledgementRequest(List<String> ids, String receivedBefore) {
    }

    record Acknowledged(int acknowledged) {
    }

    @Operation(summary = "Acknowledge quarantined referral records",
            description = "Marks entries as seen by an operator: those in `ids` (at most " + MAX_LIMIT + ") and/or "
                    + "every one received before `receivedBefore` (ISO 8601 instant or date). Until then the "
                    + "`intake` health component says DEGRADED. Entries acknowledged before are left as they are; "
                    + "the answer counts the ones this call acknowledged. Role AUDITOR; audited.")
    @PostMapping(path = "/acknowledgement", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    Acknowledged acknowledge(@RequestBody AcknowledgementRequest request) {
        Identity caller = Callers.current();
        if (caller == null || !caller.has(Role.AUDITOR)) {
            throw new ReferralRejectedException(RejectionReason.NOT_AUTHORISED, "", "auditor",
                    "only an auditor may acknowledge quarantine entries");
        }
        List<String> named = request == null || request.ids() == null ? List.of() : request.ids();
        String before = request == null ? null : request.receivedBefore();
        if (named.isEmpty() && before == null) {
            throw new QueryProblem("ids", "required", "give ids, receivedBefore, or both");
        }
        if (named.size() > MAX_LIMIT) {
            throw new QueryProblem("ids", "max-items", "at most " + MAX_LIMIT + " ids at once");
        }
        List<UUID> ids = new ArrayList<>();
        for (int i = 0; i < named.size(); i++) {
            try {
                ids.add(UUID.fromString(String.valueOf(named.get(i))));
            } catch (IllegalArgumentException e) {
                throw new QueryProblem("ids/" + i, "format", "ids/" + i + " is not a quarantine id (UUID)");
            }
        }
        Instant receivedBefore = before == null ? null : instant("receivedBefore", before);
        return new Acknowledged(quarantine.acknowledge(ids, receivedBefore, caller.actor()));
    }

    private static Instant instant(String name, String text) {
        try {
            return text.length() == 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new QueryProblem(name, "format", name + " is not an ISO 8601 instant or date");
        }
    }

    /** A query parameter that is not valid; names the parameter, never echoes it. */
    static final class QueryProblem extends RuntimeException {
        final String parameter;
        final String rule;

        QueryProblem(String parameter, String rule, String message) {
            super(message);
            this.parameter = parameter;
            this.rule = rule;
        }
    }
}
