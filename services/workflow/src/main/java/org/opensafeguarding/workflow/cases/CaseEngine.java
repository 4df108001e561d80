package org.opensafeguarding.workflow.cases;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.MessageSubscriptionState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.MessageSubscription;
import io.camunda.client.api.search.response.SearchResponse;
import org.opensafeguarding.workflow.engine.EngineAnswer;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * What the case page asks the engine, through the official Camunda client (REST), so it works against the local
 * engine and a Camunda 8 cluster alike: the instance's process definition and its deployed XML, its element
 * instances, and the messages it is subscribed to. Every failure is {@link CaseProblem#engineUnavailable}.
 */
@Component
class CaseEngine {

    private static final int PAGE = 500;

    private final CamundaClient client;
    private final CaseProperties properties;

    CaseEngine(CamundaClient client, CaseProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    record Definition(long key, String processDefinitionId) {
    }

    record Element(long elementInstanceKey, String elementId, String type, ElementInstanceState state) {
    }

    Definition definitionOf(long processInstanceKey) {
        var instance = call("read the process instance", () -> client.newProcessInstanceGetRequest(processInstanceKey)
                .requestTimeout(properties.engineTimeout()).send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
        return new Definition(instance.getProcessDefinitionKey(), instance.getProcessDefinitionId());
    }

    String xml(long processDefinitionKey) {
        return call("read the process definition's XML", () -> client.newProcessDefinitionGetXmlRequest(processDefinitionKey)
                .requestTimeout(properties.engineTimeout()).send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
    }

    /** Every element instance of the process instance (active, completed, terminated), page by page. */
    List<Element> elements(long processInstanceKey) {
        List<Element> all = new ArrayList<>();
        String after = null;
        while (true) {
            String cursor = after;
            SearchResponse<ElementInstance> page = call("search element instances", () ->
                    client.newElementInstanceSearchRequest()
                            .filter(f -> f.processInstanceKey(processInstanceKey))
                            .page(p -> {
                                p.limit(PAGE);
                                if (cursor != null) {
                                    p.after(cursor);
                                }
                            })
                            .requestTimeout(properties.engineTimeout()).send()
                            .join(timeoutMillis(), TimeUnit.MILLISECONDS));
            page.items().forEach(e -> all.add(new Element(e.getElementInstanceKey(), e.getElementId(),
                    e.getType() == null ? null : e.getType().name(), e.getState())));
            String end = page.page() == null ? null : page.page().endCursor();
            if (page.items().size() < PAGE || end == null || end.equals(after)) {
                return all;
            }
            after = end;
        }
    }

    /** The names of the messages the instance waits for now (its open subscriptions). */
    Set<String> awaitedMessages(long processInstanceKey) {
        SearchResponse<MessageSubscription> found = call("search message subscriptions", () ->
                client.newMessageSubscriptionSearchRequest()
                        .filter(f -> f.processInstanceKey(processInstanceKey)
                                .messageSubscriptionState(MessageSubscriptionState.CREATED))
                        .page(p -> p.limit(PAGE))
                        .requestTimeout(properties.engineTimeout()).send()
                        .join(timeoutMillis(), TimeUnit.MILLISECONDS));
        Set<String> names = new LinkedHashSet<>();
        found.items().forEach(s -> names.add(s.getMessageName()));
        return names;
    }

    private long timeoutMillis() {
        return properties.engineTimeout().plusSeconds(5).toMillis();
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            if (EngineAnswer.status(e) == 404) {
                // an ended instance the engine no longer keeps (engine.history-retention)
                throw CaseProblem.notInEngine(what);
            }
            throw CaseProblem.engineUnavailable(what);
        }
    }
}
