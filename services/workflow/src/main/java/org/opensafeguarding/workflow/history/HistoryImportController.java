package org.opensafeguarding.workflow.history;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.IdentityAuthentication;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The history import over HTTP (docs/import.md): a partnership manager posts one case type's CSV for their own
 * partnership. The whole file is checked first; one bad cell and nothing is imported.
 */
@RestController
@RequestMapping("/api/imports")
@Tag(name = "History import", description = "Closed historical cases from a previous system, one CSV file per case "
        + "type (docs/import.md), so year-on-year reporting works from the first day.")
class HistoryImportController {

    static final String TEXT_CSV = "text/csv";

    private final HistoryImporter importer;
    private final AuditLog audit;
    private final TransactionTemplate transactions;

    HistoryImportController(HistoryImporter importer, AuditLog audit, TransactionTemplate transactions) {
        this.importer = importer;
        this.audit = audit;
        this.transactions = transactions;
    }

    /** Raised for a request the import cannot even start on; answered 400 or 404 with the parameter named. */
    static final class BadImportRequest extends RuntimeException {
        final HttpStatus status;
        final String code;
        final String parameter;
        final String rule;

        BadImportRequest(HttpStatus status, String code, String parameter, String rule, String message) {
            super(message);
            this.status = status;
            this.code = code;
            this.parameter = parameter;
            this.rule = rule;
        }
    }

    @Operation(summary = "Import closed historical cases of one case type from an RFC 4180 CSV file",
            description = "The body is the CSV (UTF-8, a header row naming the columns of docs/import.md). 201 with the "
                    + "counts when imported; 200 for a dry run (nothing written) or when every row was imported before "
                    + "(repeats are skipped, never duplicated); 400 problem JSON listing every faulty line and column "
                    + "(nothing imported); 404 for an unknown case type; 409 when another import wrote the same cases "
                    + "at the same time (send it again); 413 over the request size limit; 415 for another media type; "
                    + "503 when the database is away (nothing imported).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = TEXT_CSV, schema = @Schema(type = "string",
                            description = "RFC 4180 CSV, UTF-8, with a header row"))),
            responses = {
                    @ApiResponse(responseCode = "201", description = "imported"),
                    @ApiResponse(responseCode = "200", description = "dry run, or nothing new: nothing written"),
                    @ApiResponse(responseCode = "400", description = "faults in the file (each line, column and rule) "
                            + "or the request; nothing imported",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "404", description = "no import format of that name",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "a concurrent import wrote the same cases",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "503", description = "database unavailable; nothing imported",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PostMapping(path = "/{caseType}", consumes = TEXT_CSV, produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<HistoryImporter.Result> importCases(
            @Parameter(description = "lado-allegation, child-death or case-review") @PathVariable String caseType,
            @Parameter(description = "check everything and write nothing") @RequestParam(defaultValue = "false") boolean dryRun,
            @Parameter(description = "the partnership; needed only when the caller's token names several")
            @RequestParam(required = false) String tenant,
            @RequestBody byte[] csv) {
        Identity caller = caller();
        ImportType type = ImportType.fromPath(caseType).orElseThrow(() -> new BadImportRequest(HttpStatus.NOT_FOUND,
                "unknown-import-type", "caseType", "known-import-type", "No import format of that name; use one of "
                + List.of(ImportType.values()).stream().map(ImportType::path).collect(Collectors.joining(", ")) + "."));
        String forTenant = tenantOf(caller, tenant);
        HistoryImporter.Result result = importer.importFile(type, csv, forTenant, new HistoryImporter.Importer(
                caller.actor(), caller.roles().stream().map(Role::name).collect(Collectors.toSet()), caller.clientId()),
                dryRun);
        return ResponseEntity.status(result.importId() == null ? HttpStatus.OK : HttpStatus.CREATED).body(result);
    }

    /** The caller's own partnership: the one their token names, or the one they choose among theirs. */
    private String tenantOf(Identity caller, String requested) {
        if (requested != null) {
            if (!caller.actsFor(requested)) {
                // as intake's refusals: one DENIED row, codes only, in a transaction of its own
                transactions.executeWithoutResult(s -> audit.record(AuditEntry.by(caller, AuditAction.DENIED,
                        "history-import", "-").withDetail(Map.of("field", "tenant", "rule", "tenant-allowed"))));
                throw new BadImportRequest(HttpStatus.FORBIDDEN, "not-authorised", "tenant", "tenant-allowed",
                        "The caller's token does not name this tenant; a partnership imports its own cases only.");
            }
            return requested;
        }
        if (caller.tenants().size() != 1) {
            throw new BadImportRequest(HttpStatus.BAD_REQUEST, "tenant-required", "tenant", "required",
                    "The caller's token names " + caller.tenants().size() + " tenants; say which with ?tenant=.");
        }
        return caller.tenants().iterator().next();
    }

    private static Identity caller() {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication instanceof IdentityAuthentication verified && verified.isAuthenticated()) {
            return verified.identity();
        }
        // the security filter lets no unauthenticated request reach a rule-protected endpoint
        throw new IllegalStateException("no verified caller");
    }
}
