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
import org.opensafeguarding.engine.state.ElementType;
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
    private final HistorySearch history;

    ElementInstanceController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
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
        return history.page(search, SearchKind.ELEMENT_INSTANCE, ElementInstanceResult.class, commands.read(state -> {
            List<ElementInstanceResult> all = new ArrayList<>();
            for (ElementInstanceRecord element : Searchable.of(state, RecordKind.ELEMENT_INSTANCE, instanceKey,
                    ElementInstanceRecord.class)) {
                if (element.type != ElementType.PROCESS && SearchQuery.wanted(instanceKey, element.processInstanceKey)) {
                    all.add(Views.elementInstance(element));
                }
            }
            return all;
        })).thenApply(page -> new ElementInstanceSearchQueryResult().items(page.items()).page(page.page()));
    }

    @GetMapping("/v2/element-instances/{key}")
    CompletableFuture<ElementInstanceResult> get(@PathVariable String key) {
        long elementKey = Keys.parse(key, "elementInstanceKey");
        return history.orHistory(commands.read(state -> java.util.Optional.ofNullable(
                        state.elementInstance(elementKey)).map(Views::elementInstance)),
                RecordKind.ELEMENT_INSTANCE, elementKey, ElementInstanceResult.class,
                "Element instance with key '" + key + "' not found");
    }
}
