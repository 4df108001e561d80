package org.opensafeguarding.engine.processing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.HashMap;
import java.util.Map;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.VariableRecord;

/**
 * Camunda 8 variable scopes: every element instance is a scope whose parent is its flow scope; the process
 * instance is the root. Reading sees the nearest definition; merging ("propagation") updates a variable where it
 * is defined and creates unknown ones at the root.
 */
final class VariableScopes {

    static final ObjectMapper JSON = new ObjectMapper();

    private final EngineState state;

    VariableScopes(EngineState state) {
        this.state = state;
    }

    /** All variables visible from the scope, nearest definition winning; parsed to plain Java values. */
    Map<String, Object> visible(long scopeKey) {
        Map<String, Object> result = new HashMap<>();
        Long current = scopeKey;
        while (current != null) {
            for (VariableRecord variable : state.localVariables(current).values()) {
                result.putIfAbsent(variable.name, parse(variable.value));
            }
            ElementInstanceRecord scope = state.elementInstance(current);
            current = scope == null ? null : scope.flowScopeKey;
        }
        return result;
    }

    /** Like {@link #visible(long)} but parses only the named variables (a job's fetchVariables). */
    Map<String, Object> visible(long scopeKey, java.util.Collection<String> names) {
        Map<String, Object> result = new HashMap<>();
        Long current = scopeKey;
        while (current != null) {
            Map<String, VariableRecord> local = state.localVariables(current);
            for (String name : names) {
                VariableRecord variable = local.get(name);
                if (variable != null) {
                    result.putIfAbsent(name, parse(variable.value));
                }
            }
            ElementInstanceRecord scope = state.elementInstance(current);
            current = scope == null ? null : scope.flowScopeKey;
        }
        return result;
    }

    Map<String, Object> local(long scopeKey) {
        Map<String, Object> result = new HashMap<>();
        for (VariableRecord variable : state.localVariables(scopeKey).values()) {
            result.put(variable.name, parse(variable.value));
        }
        return result;
    }

    void setLocal(long scopeKey, String name, Object value) {
        ElementInstanceRecord scope = state.elementInstance(scopeKey);
        String json = write(value);
        VariableRecord existing = state.localVariables(scopeKey).get(name);
        if (existing != null) {
            if (!json.equals(existing.value)) {
                existing.value = json;
                state.put(existing);
            }
            return;
        }
        VariableRecord variable = new VariableRecord();
        variable.key = state.newKey();
        variable.scopeKey = scopeKey;
        variable.processInstanceKey = scope == null ? scopeKey : scope.processInstanceKey;
        variable.tenantId = scope == null ? "<default>" : scope.tenantId;
        variable.name = name;
        variable.value = json;
        state.put(variable);
    }

    void setAllLocal(long scopeKey, Map<String, Object> variables) {
        if (variables != null) {
            variables.forEach((name, value) -> setLocal(scopeKey, name, value));
        }
    }

    /** Sets each variable in the nearest scope (from scopeKey up) that defines it, else in the root scope. */
    void merge(long scopeKey, Map<String, Object> variables) {
        if (variables == null) {
            return;
        }
        for (Map.Entry<String, Object> entry : variables.entrySet()) {
            Long current = scopeKey;
            long root = scopeKey;
            boolean done = false;
            while (current != null) {
                if (state.localVariables(current).containsKey(entry.getKey())) {
                    setLocal(current, entry.getKey(), entry.getValue());
                    done = true;
                    break;
                }
                root = current;
                ElementInstanceRecord scope = state.elementInstance(current);
                current = scope == null ? null : scope.flowScopeKey;
            }
            if (!done) {
                setLocal(root, entry.getKey(), entry.getValue());
            }
        }
    }

    static Object parse(String json) {
        try {
            return json == null ? null : JSON.readValue(json, Object.class);
        } catch (JsonProcessingException e) {
            return json;
        }
    }

    static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw EngineException.invalid("variable value cannot be written as JSON: " + e.getOriginalMessage());
        }
    }
}
