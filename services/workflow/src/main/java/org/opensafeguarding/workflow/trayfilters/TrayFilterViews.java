package org.opensafeguarding.workflow.trayfilters;

import io.swagger.v3.oas.annotations.media.Schema;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/** What the saved-filter API returns; ids are strings like the other keys. */
final class TrayFilterViews {

    private TrayFilterViews() {
    }

    @Schema(name = "TrayFilter", description = "A saved work-tray filter")
    record FilterView(String id, String name,
                      @Schema(description = "tray query keys and values (view, caseType, taskType, due, assignee, "
                              + "tenant, candidateGroup, caseId, sort), as GET /api/tasks takes them")
                      Map<String, String> query,
                      Instant createdAt) {

        static FilterView of(SavedFilters.SavedFilter f) {
            return new FilterView(Long.toString(f.id()), f.name(), f.query(), f.createdAt());
        }
    }

    @Schema(name = "TrayFilters")
    record FilterList(List<FilterView> items) {
    }

    @Schema(name = "NewTrayFilter", description = "name: required, at most 100 characters; query: tray query keys only, "
            + "string values")
    record NewFilter(String name, Map<String, String> query) {
    }
}
