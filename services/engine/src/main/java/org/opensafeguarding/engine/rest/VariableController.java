package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.VariableResult;
import io.camunda.client.protocol.rest.VariableSearchQueryResult;
import io.camunda.client.protocol.rest.VariableSearchResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.VariableRecord;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class VariableController {

    private final EngineCommands commands;
    private final ObjectMapper json;
    private final HistorySearch history;

    VariableController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
    }

    @PostMapping("/v2/variables/search")
    CompletableFuture<VariableSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return history.page(search, SearchKind.VARIABLE, VariableSearchResult.class, commands.read(state -> {
            List<VariableSearchResult> all = new ArrayList<>();
            for (VariableRecord variable : Searchable.of(state, RecordKind.VARIABLE, instanceKey,
                    VariableRecord.class)) {
                if (SearchQuery.wanted(instanceKey, variable.processInstanceKey)) {
                    all.add(Views.variable(variable));
                }
            }
            return all;
        })).thenApply(page -> new VariableSearchQueryResult().items(page.items()).page(page.page()));
    }

    @GetMapping("/v2/variables/{key}")
    CompletableFuture<VariableResult> get(@PathVariable String key) {
        long variableKey = Keys.parse(key, "variableKey");
        return commands.read(state -> java.util.Optional.ofNullable(
                        state.<VariableRecord>get(RecordKind.VARIABLE, variableKey)))
                .thenApplyAsync(open -> open.or(() -> history.record(RecordKind.VARIABLE, variableKey,
                        VariableRecord.class)).orElseThrow(() -> EngineException.notFound(
                        "Variable with key '" + key + "' not found")), history.executor())
                .thenApply(variable -> {
            return new VariableResult()
                    .variableKey(key)
                    .name(variable.name)
                    .value(variable.value)
                    .scopeKey(String.valueOf(variable.scopeKey))
                    .processInstanceKey(String.valueOf(variable.processInstanceKey))
                    .tenantId(variable.tenantId);
        });
    }
}
