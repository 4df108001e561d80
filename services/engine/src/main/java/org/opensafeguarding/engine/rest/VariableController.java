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

    VariableController(EngineCommands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @PostMapping("/v2/variables/search")
    CompletableFuture<VariableSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return commands.read(state -> {
            List<VariableSearchResult> all = new ArrayList<>();
            for (VariableRecord variable : state.<VariableRecord>all(RecordKind.VARIABLE)) {
                if (SearchQuery.wanted(instanceKey, variable.processInstanceKey)) {
                    all.add(Views.variable(variable));
                }
            }
            return all;
        }).thenApply(all -> {
            SearchQuery.Page<VariableSearchResult> page = search.apply(all);
            return new VariableSearchQueryResult().items(page.items()).page(page.page());
        });
    }

    @GetMapping("/v2/variables/{key}")
    CompletableFuture<VariableResult> get(@PathVariable String key) {
        long variableKey = Keys.parse(key, "variableKey");
        return commands.read(state -> {
            VariableRecord variable = state.get(RecordKind.VARIABLE, variableKey);
            if (variable == null) {
                throw EngineException.notFound("Variable with key '" + key + "' not found");
            }
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
