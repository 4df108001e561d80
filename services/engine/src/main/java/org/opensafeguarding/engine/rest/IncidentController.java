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

    IncidentController(EngineCommands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
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
        return commands.read(state -> {
            List<IncidentResult> all = new ArrayList<>();
            for (IncidentRecord incident : state.<IncidentRecord>all(RecordKind.INCIDENT)) {
                if (SearchQuery.wanted(instanceKey, incident.processInstanceKey)) {
                    all.add(Views.incident(incident));
                }
            }
            return all;
        }).thenApply(all -> {
            SearchQuery.Page<IncidentResult> page = search.apply(all);
            return new IncidentSearchQueryResult().items(page.items()).page(page.page());
        });
    }

    @GetMapping("/v2/incidents/{key}")
    CompletableFuture<IncidentResult> get(@PathVariable String key) {
        long incidentKey = Keys.parse(key, "incidentKey");
        return commands.read(state -> {
            IncidentRecord incident = state.get(RecordKind.INCIDENT, incidentKey);
            if (incident == null) {
                throw EngineException.notFound("Incident with key '" + key + "' not found");
            }
            return Views.incident(incident);
        });
    }
}
