package org.opensafeguarding.workflow.trayfilters;

import com.fasterxml.jackson.databind.JsonNode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.opensafeguarding.workflow.trayfilters.TrayFilterViews.FilterList;
import org.opensafeguarding.workflow.trayfilters.TrayFilterViews.FilterView;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.net.URI;

/** Saved work-tray filters of the signed-in person (docs/tasklist.md "Saved filters"). */
@RestController
@RequestMapping(path = "/api/me/filters", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "Saved tray filters", description = "Your own saved work-tray filters; nobody else sees them")
class TrayFilterController {

    private final TrayFilterService filters;

    TrayFilterController(TrayFilterService filters) {
        this.filters = filters;
    }

    @Operation(summary = "Your saved tray filters, by name",
            responses = {@ApiResponse(responseCode = "200", description = "your filters"),
                    @ApiResponse(responseCode = "401", description = "no caller identity", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @GetMapping
    FilterList list(@Parameter(hidden = true) Caller caller) {
        return new FilterList(filters.list(caller).stream().map(FilterView::of).toList());
    }

    @Operation(summary = "Save a tray filter",
            description = "400 problem JSON whose errors name each field (name, query.<key>) and its rule: name "
                    + "required, at most 100 characters; query keys only those GET /api/tasks takes, values "
                    + "strings valid there. 409 when you already have a filter of that name or have 50.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = @Content(
                    mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(
                    implementation = TrayFilterViews.NewFilter.class,
                    example = "{\"name\": \"My overdue LADO\", \"query\": {\"view\": \"mine\", \"due\": \"overdue\", "
                            + "\"caseType\": \"LADO_ALLEGATION\"}}"))),
            responses = {@ApiResponse(responseCode = "201", description = "saved"),
                    @ApiResponse(responseCode = "400", description = "not a valid filter", content = @Content(
                            mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE)),
                    @ApiResponse(responseCode = "409", description = "name taken, or too many filters",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @PostMapping(consumes = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<FilterView> save(@Parameter(hidden = true) Caller caller, @RequestBody JsonNode body) {
        FilterView saved = FilterView.of(filters.save(caller, body));
        return ResponseEntity.created(URI.create("/api/me/filters/" + saved.id())).body(saved);
    }

    @Operation(summary = "Delete one of your saved tray filters",
            responses = {@ApiResponse(responseCode = "204", description = "deleted"),
                    @ApiResponse(responseCode = "404", description = "you have no filter of that id",
                            content = @Content(mediaType = MediaType.APPLICATION_PROBLEM_JSON_VALUE))})
    @DeleteMapping("/{id}")
    ResponseEntity<Void> delete(@Parameter(hidden = true) Caller caller,
                                @Parameter(description = "the filter's id", schema = @Schema(type = "string"))
                                @PathVariable long id) {
        filters.delete(caller, id);
        return ResponseEntity.noContent().build();
    }
}
