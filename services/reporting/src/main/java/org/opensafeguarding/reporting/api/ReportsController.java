package org.opensafeguarding.reporting.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.reporting.ReportingProperties;
import org.opensafeguarding.reporting.annual.AnnualTables;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.LocalDate;

/**
 * Managers' and auditors' tables, as JSON or RFC 4180 CSV ({@code Accept: text/csv} or {@code ?format=csv}).
 * {@code publication=true} marks an export for publication: small numbers are then suppressed.
 */
@RestController
@RequestMapping(value = "/api/reports", produces = {MediaType.APPLICATION_JSON_VALUE, CsvTableConverter.TEXT_CSV_VALUE})
@Tag(name = "reports")
public class ReportsController {

    private final ReportScope scopes;
    private final DeadlineQueries deadlines;
    private final StageQueries stages;
    private final AnnualTables annual;
    private final Suppression suppression;
    private final ReportingProperties properties;

    public ReportsController(ReportScope scopes, DeadlineQueries deadlines, StageQueries stages, AnnualTables annual,
                             Suppression suppression, ReportingProperties properties) {
        this.scopes = scopes;
        this.deadlines = deadlines;
        this.stages = stages;
        this.annual = annual;
        this.suppression = suppression;
        this.properties = properties;
    }

    @GetMapping("/deadlines")
    @Operation(summary = "Deadlines one per row, by default the live ones (open, or breached while the case is open)")
    public ReportTable deadlines(@RequestParam(required = false) String tenant,
                                 @RequestParam(required = false) String team,
                                 @RequestParam(required = false) String caseType,
                                 @RequestParam(required = false) String timescale,
                                 @Parameter(description = "open, due (amber), overdue (red), met, breached, lapsed, all")
                                 @RequestParam(defaultValue = "open") String status,
                                 @RequestParam(defaultValue = "1000") int limit,
                                 @RequestParam(defaultValue = "false") boolean publication) {
        if (publication) {
            throw ReportingProblem.invalid("publication", "aggregate-only",
                    "A list of cases is never published; publish the summary instead.");
        }
        if (limit < 1 || limit > 10_000) {
            throw ReportingProblem.invalid("limit", "range", "limit must be between 1 and 10000.");
        }
        return deadlines.list(scopes.resolve(tenant, team, caseType), code("timescale", timescale), status, limit);
    }

    @GetMapping("/deadlines/summary")
    @Operation(summary = "Live deadlines counted by team, case type and timescale, split by RAG today")
    public ReportTable deadlineSummary(@RequestParam(required = false) String tenant,
                                       @RequestParam(required = false) String team,
                                       @RequestParam(required = false) String caseType,
                                       @RequestParam(required = false) String timescale,
                                       @RequestParam(defaultValue = "false") boolean publication) {
        return publish(deadlines.summary(scopes.resolve(tenant, team, caseType), code("timescale", timescale)),
                publication);
    }

    @GetMapping("/stages")
    @Operation(summary = "Stage durations in working days (completed count, median, p90) by period completed")
    public ReportTable stages(@RequestParam(required = false) String tenant,
                              @RequestParam(required = false) String team,
                              @RequestParam(required = false) String caseType,
                              @RequestParam(required = false) String taskType,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                              @RequestParam(required = false) Integer year,
                              @Parameter(description = "month, quarter, year, financial-year, all")
                              @RequestParam(defaultValue = "month") String period,
                              @RequestParam(defaultValue = "false") boolean publication) {
        Period range = Period.resolve(from, to, year, properties.yearStartDay(), deadlines.today());
        return publish(stages.durations(scopes.resolve(tenant, team, caseType), range, period,
                code("taskType", taskType)), publication);
    }

    @GetMapping("/annual/{process}")
    @Operation(summary = "Annual-report table of a process (lado, cdop, review) for a period, by default the "
            + "financial year; every metric is defined in docs/reporting.md")
    public ReportTable annual(@PathVariable String process,
                              @RequestParam(required = false) String tenant,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
                              @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to,
                              @Parameter(description = "the year the reporting year starts in (2024: April 2024 to March 2025)")
                              @RequestParam(required = false) Integer year,
                              @RequestParam(defaultValue = "false") boolean publication) {
        ReportScope.Scope scope = scopes.resolve(tenant, AnnualTables.teamOf(process).name(), null);
        Period range = Period.resolve(from, to, year, properties.yearStartDay(), deadlines.today());
        return publish(annual.table(process, scope.tenant(), range), publication);
    }

    private ReportTable publish(ReportTable table, boolean publication) {
        return publication ? suppression.apply(table) : table;
    }

    private static String code(String field, String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        if (!value.matches("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$")) {
            throw ReportingProblem.invalid(field, "code", field + " must be a code.");
        }
        return value;
    }
}
