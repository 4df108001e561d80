package org.opensafeguarding.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The manager's dashboard, from the reporting service: live deadlines by team, timescale and case type with their
 * RAG split; the deadlines themselves; stage durations; the annual-report tables with charts. Every table has a
 * CSV download, fetched here with the manager's token (the reporting service's own CSV, unchanged).
 */
@Controller
class DashboardController {

    /** The tables the dashboard shows and downloads: name, API path, the query it is asked with. */
    public record Report(String name, String title, String path, Map<String, String> query) {
    }

    static final List<Report> REPORTS = List.of(
            new Report("deadline-summary", "Live deadlines by team, case type and timescale",
                    "/api/reports/deadlines/summary", Map.of()),
            new Report("deadlines", "Live deadlines, soonest first", "/api/reports/deadlines", Map.of("limit", "200")),
            new Report("stages", "Stage durations (working days)", "/api/reports/stages", Map.of()),
            new Report("annual-lado", "LADO annual report", "/api/reports/annual/lado", Map.of()),
            new Report("annual-cdop", "CDOP annual report", "/api/reports/annual/cdop", Map.of()),
            new Report("annual-review", "Reviews annual report", "/api/reports/annual/review", Map.of()));

    private final Backend backend;

    DashboardController(Backend backend) {
        this.backend = backend;
    }

    @GetMapping("/dashboard")
    String dashboard(@RequestParam(required = false) String tenant, Model model) {
        Map<String, Object> tables = new LinkedHashMap<>();
        Map<String, String> problems = new LinkedHashMap<>();
        for (Report report : REPORTS) {
            ApiAnswer answer = fetch(report, tenant, MediaType.APPLICATION_JSON_VALUE);
            if (answer.ok()) {
                tables.put(report.name(), answer.body());
            } else {
                problems.put(report.name(), answer.problemMessage());
            }
        }
        model.addAttribute("reports", REPORTS);
        model.addAttribute("tables", tables);
        model.addAttribute("problems", problems);
        model.addAttribute("tenant", tenant);
        return "dashboard";
    }

    @GetMapping("/dashboard/{name}.csv")
    ResponseEntity<byte[]> csv(@PathVariable String name, @RequestParam(required = false) String tenant) {
        Report report = REPORTS.stream().filter(r -> r.name().equals(name)).findFirst().orElse(null);
        if (report == null) {
            return ResponseEntity.notFound().build();
        }
        ApiAnswer answer = fetch(report, tenant, "text/csv");
        if (!answer.ok()) {
            return ResponseEntity.status(answer.status()).contentType(MediaType.TEXT_PLAIN)
                    .body(answer.problemMessage().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"" + name + ".csv\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .body(answer.raw());
    }

    private ApiAnswer fetch(Report report, String tenant, String accept) {
        return backend.call(Api.REPORTING, HttpMethod.GET, b -> {
            b.path(report.path());
            report.query().forEach(b::queryParam);
            if (tenant != null && tenant.matches("[a-z0-9][a-z0-9-]{0,99}")) {
                b.queryParam("tenant", tenant);
            }
            return b.build();
        }, null, accept, Map.of());
    }

    /** The column names of a report table, for the template. */
    static List<String> columns(JsonNode table) {
        return TaskPageController.list(table.path("columns")).stream().map(JsonNode::asText).toList();
    }
}
