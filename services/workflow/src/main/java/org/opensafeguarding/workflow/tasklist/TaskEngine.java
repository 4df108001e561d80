package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.Form;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import org.opensafeguarding.workflow.engine.EngineAnswer;
import org.springframework.stereotype.Component;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The tasklist's only door to the engine, through the official Camunda client (REST), so the same code runs
 * against the local engine and a Camunda 8 cluster. Failures come back as two kinds: {@link Rejected} (the engine
 * answered and said no: 400, 404, 409) and {@link Unreachable} (no answer, timeout, credentials refused, throttled,
 * 5xx), which callers retry.
 */
@Component
class TaskEngine {

    private final CamundaClient client;
    private final ObjectMapper json;
    private final TasklistProperties properties;

    TaskEngine(CamundaClient client, ObjectMapper json, TasklistProperties properties) {
        this.client = client;
        this.json = json;
        this.properties = properties;
    }

    /** The engine answered with a refusal. */
    static final class Rejected extends RuntimeException {
        private final int status;

        Rejected(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    /** The engine could not be asked (down, timeout, server error); try again later. */
    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Every user task the engine has in state CREATED, page by page. */
    List<UserTask> openTasks() {
        List<UserTask> all = new ArrayList<>();
        String after = null;
        while (true) {
            String cursor = after;
            SearchResponse<UserTask> page = call("search open user tasks", () -> client.newUserTaskSearchRequest()
                    .filter(f -> f.state(UserTaskState.CREATED))
                    .sort(s -> s.creationDate().asc())
                    .page(p -> {
                        p.limit(properties.pageSize());
                        if (cursor != null) {
                            p.after(cursor);
                        }
                    })
                    .requestTimeout(properties.engineTimeout())
                    .send()
                    .join(timeoutMillis(), TimeUnit.MILLISECONDS));
            all.addAll(page.items());
            String end = page.page() == null ? null : page.page().endCursor();
            if (page.items().size() < properties.pageSize() || end == null || end.equals(after)) {
                return all;
            }
            after = end;
        }
    }

    /** @return the task, or empty when the engine does not know it (never existed, or purged after it ended) */
    Optional<UserTask> task(long taskKey) {
        try {
            return Optional.of(call("read user task " + taskKey, () -> client.newUserTaskGetRequest(taskKey)
                    .requestTimeout(properties.engineTimeout())
                    .send()
                    .join(timeoutMillis(), TimeUnit.MILLISECONDS)));
        } catch (Rejected e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    record EngineForm(long formKey, String formId, long version, JsonNode schema) {
    }

    /** The form linked to the task, as deployed (the version the task was created with). */
    Optional<EngineForm> form(long taskKey) {
        Form form = call("read the form of user task " + taskKey, () -> client.newUserTaskGetFormRequest(taskKey)
                .requestTimeout(properties.engineTimeout())
                .send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
        if (form == null) {
            return Optional.empty();
        }
        return Optional.of(new EngineForm(form.getFormKey(), form.getFormId(), form.getVersion(), schema(form.getSchema())));
    }

    private JsonNode schema(Object schema) {
        try {
            return schema instanceof String text ? json.readTree(text) : json.valueToTree(schema);
        } catch (IOException e) {
            throw new Unreachable("the engine returned a form schema that is not JSON", e);
        }
    }

    /** A variable as the engine reports it: its name, the scope it lives in and its value as JSON text. */
    record EngineVariable(String name, long scopeKey, String value) {
    }

    List<EngineVariable> variables(long processInstanceKey) {
        SearchResponse<Variable> found = call("read variables of instance " + processInstanceKey, () ->
                client.newVariableSearchRequest()
                        .filter(f -> f.processInstanceKey(processInstanceKey))
                        .page(p -> p.limit(1000))
                        .requestTimeout(properties.engineTimeout())
                        .send()
                        .join(timeoutMillis(), TimeUnit.MILLISECONDS));
        return found.items().stream()
                .map(v -> new EngineVariable(v.getName(), v.getScopeKey() == null ? -1 : v.getScopeKey(), v.getValue()))
                .toList();
    }

    /** @return the JSON text of the variable in the instance's own (root) scope, if it has one */
    Optional<String> rootVariable(long processInstanceKey, String name) {
        SearchResponse<Variable> found = call("read variable " + name + " of instance " + processInstanceKey, () ->
                client.newVariableSearchRequest()
                        .filter(f -> f.processInstanceKey(processInstanceKey).name(name))
                        .requestTimeout(properties.engineTimeout())
                        .send()
                        .join(timeoutMillis(), TimeUnit.MILLISECONDS));
        return found.items().stream()
                .filter(v -> v.getScopeKey() != null && v.getScopeKey() == processInstanceKey)
                .map(Variable::getValue)
                .findFirst();
    }

    void assign(long taskKey, String assignee) {
        call("assign user task " + taskKey, () -> client.newAssignUserTaskCommand(taskKey)
                .assignee(assignee)
                .allowOverride(false)
                .requestTimeout(properties.engineTimeout())
                .send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
    }

    void unassign(long taskKey) {
        call("unassign user task " + taskKey, () -> client.newUnassignUserTaskCommand(taskKey)
                .requestTimeout(properties.engineTimeout())
                .send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
    }

    /** @param variables routing facts only: the engine is outside the boundary free text may cross */
    void complete(long taskKey, Map<String, Object> variables) {
        call("complete user task " + taskKey, () -> client.newCompleteUserTaskCommand(taskKey)
                .variables(variables)
                .requestTimeout(properties.engineTimeout())
                .send()
                .join(timeoutMillis(), TimeUnit.MILLISECONDS));
    }

    private long timeoutMillis() {
        return properties.engineTimeout().plus(Duration.ofSeconds(5)).toMillis();
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            int status = EngineAnswer.status(e);
            // only answers about the request itself are final; 401/403 (credentials), 408, 429 and 5xx pass
            if (EngineAnswer.refused(status)) {
                throw new Rejected(status, what + ": engine answered " + status, e);
            }
            throw new Unreachable(what + ": " + e, e);
        }
    }
}
