package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.ElementInstanceResult;
import io.camunda.client.protocol.rest.ElementInstanceSearchQueryResult;
import io.camunda.client.protocol.rest.SetVariableRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ElementInstanceController {

    private final EngineCommands commands;
    private final ObjectMapper json;

    ElementInstanceController(EngineCommands commands, ObjectMapper json) {
        this.commands = commands;
        this.json = json;
    }

    @PutMapping("/v2/element-instances/{key}/variables")
    CompletableFuture<ResponseEntity<Void>> setVariables(@PathVariable String key,
                                                         @RequestBody SetVariableRequest body) {
        return commands.setVariables(Keys.parse(key, "elementInstanceKey"), body.getVariables(),
                        Boolean.TRUE.equals(body.getLocal()))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @PostMapping("/v2/element-instances/search")
    CompletableFuture<ElementInstanceSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return commands.read(state -> {
            List<ElementInstanceResult> all = new ArrayList<>();
            for (ElementInstanceRecord element : state.<ElementInstanceRecord>all(RecordKind.ELEMENT_INSTANCE)) {
                if (!"PROCESS".equals(element.type) && SearchQuery.wanted(instanceKey, element.processInstanceKey)) {
                    all.add(Views.elementInstance(element));
                }
            }
            return all;
        }).thenApply(all -> {
            SearchQuery.Page<ElementInstanceResult> page = search.apply(all);
            return new ElementInstanceSearchQueryResult().items(page.items()).page(page.page());
        });
    }

    @GetMapping("/v2/element-instances/{key}")
    CompletableFuture<ElementInstanceResult> get(@PathVariable String key) {
        long elementKey = Keys.parse(key, "elementInstanceKey");
        return commands.read(state -> {
            ElementInstanceRecord element = state.elementInstance(elementKey);
            if (element == null) {
                throw EngineException.notFound("Element instance with key '" + key + "' not found");
            }
            return Views.elementInstance(element);
        });
    }
}
