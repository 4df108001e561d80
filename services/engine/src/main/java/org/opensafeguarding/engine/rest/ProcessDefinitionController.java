package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.CorrelatedMessageSubscriptionResult;
import io.camunda.client.protocol.rest.CorrelatedMessageSubscriptionSearchQueryResult;
import io.camunda.client.protocol.rest.MessageSubscriptionResult;
import io.camunda.client.protocol.rest.MessageSubscriptionSearchQueryResult;
import io.camunda.client.protocol.rest.ProcessDefinitionResult;
import io.camunda.client.protocol.rest.ProcessDefinitionSearchQueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Process definitions and message subscriptions: the deployment-side searches. */
@RestController
class ProcessDefinitionController {

    private final EngineCommands commands;
    private final ObjectMapper json;
    private final HistorySearch history;

    ProcessDefinitionController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
    }

    @PostMapping("/v2/process-definitions/search")
    CompletableFuture<ProcessDefinitionSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return commands.read(state -> {
            List<ProcessDefinitionResult> all = new ArrayList<>();
            for (ProcessDefinitionRecord definition
                    : state.<ProcessDefinitionRecord>all(RecordKind.PROCESS_DEFINITION)) {
                all.add(Views.processDefinition(definition));
            }
            return all;
        }).thenApply(all -> {
            SearchQuery.Page<ProcessDefinitionResult> page = search.apply(all);
            return new ProcessDefinitionSearchQueryResult().items(page.items()).page(page.page());
        });
    }

    @GetMapping("/v2/process-definitions/{key}")
    CompletableFuture<ProcessDefinitionResult> get(@PathVariable String key) {
        return definition(key).thenApply(Views::processDefinition);
    }

    @GetMapping("/v2/process-definitions/{key}/xml")
    CompletableFuture<ResponseEntity<String>> xml(@PathVariable String key) {
        return definition(key).thenApply(definition -> ResponseEntity.ok()
                .contentType(MediaType.TEXT_XML).body(definition.resource));
    }

    private CompletableFuture<ProcessDefinitionRecord> definition(String key) {
        long definitionKey = Keys.parse(key, "processDefinitionKey");
        return commands.read(state -> {
            ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, definitionKey);
            if (definition == null) {
                throw EngineException.notFound("Process definition with key '" + key + "' not found");
            }
            return definition;
        });
    }

    @PostMapping("/v2/message-subscriptions/search")
    CompletableFuture<MessageSubscriptionSearchQueryResult> subscriptions(
            @RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return history.page(search, SearchKind.MESSAGE_SUBSCRIPTION, MessageSubscriptionResult.class,
                commands.read(state -> {
                    List<MessageSubscriptionResult> all = new ArrayList<>();
                    for (MessageSubscriptionRecord subscription : Searchable.of(state, RecordKind.MESSAGE_SUBSCRIPTION,
                            instanceKey, MessageSubscriptionRecord.class)) {
                        if (SearchQuery.wanted(instanceKey, subscription.processInstanceKey)) {
                            all.add(Views.messageSubscription(subscription));
                        }
                    }
                    return all;
                })).thenApply(page -> new MessageSubscriptionSearchQueryResult().items(page.items())
                        .page(page.page()));
    }

    /** One result per message delivered through a subscription (message start events are not listed). */
    @PostMapping("/v2/correlated-message-subscriptions/search")
    CompletableFuture<CorrelatedMessageSubscriptionSearchQueryResult> correlatedSubscriptions(
            @RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return commands.read(state -> {
            List<CorrelatedMessageSubscriptionResult> open = new ArrayList<>();
            for (MessageSubscriptionRecord subscription
                    : state.<MessageSubscriptionRecord>all(RecordKind.MESSAGE_SUBSCRIPTION)) {
                if (SearchQuery.wanted(instanceKey, subscription.processInstanceKey)) {
                    for (MessageSubscriptionRecord.Correlation correlation : subscription.correlations) {
                        open.add(Views.correlatedMessageSubscription(subscription, correlation));
                    }
                }
            }
            return open;
        }).thenApplyAsync(open -> {
            // ended instances' subscriptions come from the history table; each delivered message is one result
            java.util.Set<String> openKeys = new java.util.HashSet<>();
            open.forEach(result -> openKeys.add(result.getSubscriptionKey()));
            List<CorrelatedMessageSubscriptionResult> all = new ArrayList<>(open);
            for (MessageSubscriptionRecord ended : history.records(RecordKind.MESSAGE_SUBSCRIPTION, instanceKey,
                    MessageSubscriptionRecord.class, SearchQuery.SORT_CAP)) {
                if (!openKeys.contains(String.valueOf(ended.key))) {
                    for (MessageSubscriptionRecord.Correlation correlation : ended.correlations) {
                        all.add(Views.correlatedMessageSubscription(ended, correlation));
                    }
                }
            }
            all.sort(java.util.Comparator.comparing((CorrelatedMessageSubscriptionResult r) ->
                    Long.parseLong(r.getSubscriptionKey())).thenComparing(r -> Long.parseLong(r.getMessageKey())));
            SearchQuery.Page<CorrelatedMessageSubscriptionResult> page = search.apply(all);
            return new CorrelatedMessageSubscriptionSearchQueryResult().items(page.items()).page(page.page());
        }, history.executor());
    }
}
