package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.IncidentResult;
import io.camunda.client.protocol.rest.IncidentSearchQueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class IncidentController {

    private final EngineCommands commands;
    private final ObjectMapper json;
    private final HistorySearch history;

    IncidentController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
    }

    @PostMapping("/v2/incidents/{key}/resolution")
    CompletableFuture<ResponseEntity<Void>> resolve(@PathVariable String key) {
        return commands.resolveIncident(Keys.parse(key, "incidentKey"))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @PostMapping("/v2/incidents/search")
    CompletableFuture<IncidentSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return history.page(search, SearchKind.INCIDENT, IncidentResult.class, commands.read(state -> {
            List<IncidentResult> all = new ArrayList<>();
            for (IncidentRecord incident : Searchable.of(state, RecordKind.INCIDENT, instanceKey,
                    IncidentRecord.class)) {
                if (SearchQuery.wanted(instanceKey, incident.processInstanceKey)) {
                    all.add(Views.incident(incident));
                }
            }
            return all;
        })).thenApply(page -> new IncidentSearchQueryResult().items(page.items()).page(page.page()));
    }

    @GetMapping("/v2/incidents/{key}")
    CompletableFuture<IncidentResult> get(@PathVariable String key) {
        long incidentKey = Keys.parse(key, "incidentKey");
        return history.orHistory(commands.read(state -> java.util.Optional.ofNullable(
                        state.<IncidentRecord>get(RecordKind.INCIDENT, incidentKey)).map(Views::incident)),
                RecordKind.INCIDENT, incidentKey, IncidentResult.class,
                "Incident with key '" + key + "' not found");
    }
}
