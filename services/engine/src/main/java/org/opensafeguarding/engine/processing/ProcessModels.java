package org.opensafeguarding.engine.processing;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;

/** Parsed models by process definition key; parsing is slow, so each resource is parsed once. */
final class ProcessModels {

    private final Map<Long, ProcessModel> models = new ConcurrentHashMap<>();

    ProcessModel of(ProcessDefinitionRecord definition) {
        return models.computeIfAbsent(definition.key,
                k -> ProcessModel.of(definition.resource, definition.bpmnProcessId));
    }

    void clear() {
        models.clear();
    }
}
