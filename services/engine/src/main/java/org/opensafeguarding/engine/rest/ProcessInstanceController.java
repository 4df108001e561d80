package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.CreateProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceCreationInstruction;
import io.camunda.client.protocol.rest.ProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceSearchQueryResult;
import io.camunda.client.protocol.rest.ProcessInstanceSequenceFlowResult;
import io.camunda.client.protocol.rest.ProcessInstanceSequenceFlowsQueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class ProcessInstanceController {

    /** What Camunda's gateway waits for a create-with-result when the request names no timeout. */
    private static final long DEFAULT_AWAIT_TIMEOUT = 20_000;

    private final EngineCommands commands;
    private final ObjectMapper json;
    private final HistorySearch history;

    ProcessInstanceController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
    }

    @PostMapping("/v2/process-instances")
    CompletableFuture<CreateProcessInstanceResult> create(@RequestBody ProcessInstanceCreationInstruction body) {
        if (body.getStartInstructions() != null && !body.getStartInstructions().isEmpty()) {
            throw EngineException.invalid("startInstructions: starting at a chosen element is not supported yet");
        }
        boolean await = Boolean.TRUE.equals(body.getAwaitCompletion());
        long timeout = body.getRequestTimeout() == null || body.getRequestTimeout() <= 0
                ? DEFAULT_AWAIT_TIMEOUT : body.getRequestTimeout();
        EngineCommands.CreateInstance request = new EngineCommands.CreateInstance(
                blankToNull(body.getProcessDefinitionId()), body.getProcessDefinitionVersion(),
                Keys.parseOptional(body.getProcessDefinitionKey(), "processDefinitionKey"),
                body.getVariables(), await, timeout, body.getFetchVariables());
        CompletableFuture<EngineCommands.InstanceOutcome> outcome = commands.createProcessInstance(request);
        if (await) {
            outcome = outcome.orTimeout(timeout, TimeUnit.MILLISECONDS);
        }
        return outcome.thenApply(created -> new CreateProcessInstanceResult()
                .processInstanceKey(String.valueOf(created.processInstanceKey()))
                .processDefinitionKey(String.valueOf(created.processDefinitionKey()))
                .processDefinitionId(created.bpmnProcessId())
                .processDefinitionVersion(created.version())
                .tenantId(created.tenantId())
                .variables(created.variables()));
    }

    @PostMapping("/v2/process-instances/{key}/cancellation")
    CompletableFuture<ResponseEntity<Void>> cancel(@PathVariable String key) {
        return commands.cancelProcessInstance(Keys.parse(key, "processInstanceKey"))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @PostMapping("/v2/process-instances/search")
    CompletableFuture<ProcessInstanceSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return history.page(search, SearchKind.PROCESS_INSTANCE, ProcessInstanceResult.class, commands.read(state -> {
            Set<Long> withIncidents = Views.processInstancesWithIncidents(state);
            List<ProcessInstanceResult> all = new ArrayList<>();
            if (instanceKey != null) {
                ProcessInstanceRecord instance = state.processInstance(instanceKey);
                if (instance != null && search.variablesMatch("variables", state.localVariables(instance.key))) {
                    all.add(Views.processInstance(state, instance, withIncidents));
                }
                return all;
            }
            for (ProcessInstanceRecord instance : state.<ProcessInstanceRecord>all(RecordKind.PROCESS_INSTANCE)) {
                if (search.variablesMatch("variables", state.localVariables(instance.key))) {
                    all.add(Views.processInstance(state, instance, withIncidents));
                }
            }
            return all;
        })).thenApply(page -> new ProcessInstanceSearchQueryResult().items(page.items()).page(page.page()));
    }

    @GetMapping("/v2/process-instances/{key}")
    CompletableFuture<ProcessInstanceResult> get(@PathVariable String key) {
        long instanceKey = Keys.parse(key, "processInstanceKey");
        return history.orHistory(commands.read(state -> {
            ProcessInstanceRecord instance = state.processInstance(instanceKey);
            return java.util.Optional.ofNullable(instance == null ? null
                    : Views.processInstance(state, instance, Views.processInstancesWithIncidents(state)));
        }), RecordKind.PROCESS_INSTANCE, instanceKey, ProcessInstanceResult.class,
                "Process instance with key '" + key + "' not found");
    }

    @GetMapping("/v2/process-instances/{key}/sequence-flows")
    CompletableFuture<ProcessInstanceSequenceFlowsQueryResult> sequenceFlows(@PathVariable String key) {
        long instanceKey = Keys.parse(key, "processInstanceKey");
        return commands.read(state -> java.util.Optional.ofNullable(state.processInstance(instanceKey)))
                .thenApplyAsync(open -> open.or(() -> history.record(RecordKind.PROCESS_INSTANCE, instanceKey,
                        ProcessInstanceRecord.class)).orElseThrow(() -> EngineException.notFound(
                        "Process instance with key '" + key + "' not found")), history.executor())
                .thenApply(instance -> {
            List<ProcessInstanceSequenceFlowResult> flows = new ArrayList<>();
            for (String flow : instance.takenSequenceFlows) {
                flows.add(new ProcessInstanceSequenceFlowResult()
                        .sequenceFlowId(flow)
                        .elementId(flow)
                        .processInstanceKey(key)
                        .processDefinitionKey(String.valueOf(instance.processDefinitionKey))
                        .processDefinitionId(instance.bpmnProcessId)
                        .tenantId(instance.tenantId));
            }
            return new ProcessInstanceSequenceFlowsQueryResult().items(flows);
        });
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }
}
