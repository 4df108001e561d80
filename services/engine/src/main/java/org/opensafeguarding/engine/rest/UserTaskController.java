package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.protocol.rest.FormResult;
import io.camunda.client.protocol.rest.UserTaskAssignmentRequest;
import io.camunda.client.protocol.rest.UserTaskCompletionRequest;
import io.camunda.client.protocol.rest.UserTaskResult;
import io.camunda.client.protocol.rest.UserTaskSearchQueryResult;
import java.util.ArrayList;
import java.util.List;
import java.util.NavigableSet;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.processing.EngineCommands;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.UserTaskState;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class UserTaskController {

    private final EngineCommands commands;
    private final ObjectMapper json;
    private final HistorySearch history;

    UserTaskController(EngineCommands commands, ObjectMapper json, HistorySearch history) {
        this.commands = commands;
        this.json = json;
        this.history = history;
    }

    @PostMapping("/v2/user-tasks/{key}/assignment")
    CompletableFuture<ResponseEntity<Void>> assign(@PathVariable String key,
                                                   @RequestBody UserTaskAssignmentRequest body) {
        return commands.assignUserTask(Keys.parse(key, "userTaskKey"), body.getAssignee(),
                        body.getAllowOverride() == null || body.getAllowOverride(), body.getAction())
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    @DeleteMapping("/v2/user-tasks/{key}/assignee")
    CompletableFuture<ResponseEntity<Void>> unassign(@PathVariable String key) {
        return commands.unassignUserTask(Keys.parse(key, "userTaskKey"))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    /**
     * The client's generated Changeset extends HashMap, which Jackson fills as a map and not through its setters,
     * so the changeset is read as plain JSON.
     */
    @PatchMapping("/v2/user-tasks/{key}")
    CompletableFuture<ResponseEntity<Void>> update(@PathVariable String key,
                                                   @RequestBody(required = false) JsonNode body) {
        JsonNode changes = body == null ? json.createObjectNode() : body.path("changeset");
        return commands.updateUserTask(Keys.parse(key, "userTaskKey"), new EngineCommands.UserTaskChanges(
                        text(changes, "dueDate"), text(changes, "followUpDate"), strings(changes, "candidateUsers"),
                        strings(changes, "candidateGroups"),
                        changes.hasNonNull("priority") ? changes.get("priority").asInt() : null))
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    private static String text(JsonNode node, String field) {
        return node.hasNonNull(field) ? node.get(field).asText() : null;
    }

    private static List<String> strings(JsonNode node, String field) {
        if (!node.hasNonNull(field)) {
            return null;
        }
        if (!node.get(field).isArray()) {
            throw EngineException.invalid("changeset." + field + ": expected a list of strings");
        }
        List<String> values = new ArrayList<>();
        node.get(field).forEach(value -> values.add(value.asText()));
        return values;
    }

    @PostMapping("/v2/user-tasks/{key}/completion")
    CompletableFuture<ResponseEntity<Void>> complete(@PathVariable String key,
                                                     @RequestBody(required = false) UserTaskCompletionRequest body) {
        return commands.completeUserTask(Keys.parse(key, "userTaskKey"), body == null ? null : body.getVariables(),
                        body == null ? null : body.getAction())
                .thenApply(done -> ResponseEntity.noContent().build());
    }

    /** Filter fields the engine's user-task index answers (see {@link #indexed}). */
    private static final Set<String> INDEXED_FIELDS = Set.of("state", "candidateGroup");

    @PostMapping("/v2/user-tasks/search")
    CompletableFuture<UserTaskSearchQueryResult> search(@RequestBody(required = false) JsonNode query) {
        SearchQuery search = new SearchQuery(json, query);
        Long instanceKey = search.processInstanceKey();
        return history.pageOf(search, SearchKind.USER_TASK, UserTaskResult.class, commands.read(state -> {
            SearchQuery.Open<UserTaskResult> indexed = indexed(search, state);
            if (indexed != null) {
                return indexed;
            }
            List<UserTaskResult> all = new ArrayList<>();
            for (UserTaskRecord task : Searchable.of(state, RecordKind.USER_TASK, instanceKey,
                    UserTaskRecord.class)) {
                if (SearchQuery.wanted(instanceKey, task.processInstanceKey)
                        && search.variablesMatch("processInstanceVariables",
                                state.localVariables(task.processInstanceKey))
                        && search.variablesMatch("localVariables", state.localVariables(task.elementInstanceKey))) {
                    all.add(Views.userTask(state, task));
                }
            }
            return SearchQuery.Open.all(all);
        })).thenApply(page -> new UserTaskSearchQueryResult().items(page.items()).page(page.page()));
    }

    /**
     * A tasklist's search (a group's tasks in one state, in key order) read from the index of open tasks by state
     * and candidate group: it counts them and builds results for one page only, so its cost does not grow with the
     * number of open tasks. Null when the search asks for more than the index answers.
     */
    private static SearchQuery.Open<UserTaskResult> indexed(SearchQuery search, EngineState state) {
        if (!search.answeredBy(SearchKind.USER_TASK, INDEXED_FIELDS)) {
            return null;
        }
        UserTaskState taskState = null;
        String stateName = search.pinned("state");
        if (stateName != null) {
            try {
                taskState = UserTaskState.valueOf(stateName);
            } catch (IllegalArgumentException notAState) {
                return null;
            }
        }
        NavigableSet<Long> keys = state.userTaskKeys(taskState, search.pinned("candidateGroup"));
        List<UserTaskResult> page = new ArrayList<>();
        for (long key : search.keyWindow(keys)) {
            page.add(Views.userTask(state, state.get(RecordKind.USER_TASK, key)));
        }
        return new SearchQuery.Open<>(page, (long) keys.size());
    }

    @GetMapping("/v2/user-tasks/{key}/form")
    CompletableFuture<ResponseEntity<FormResult>> form(@PathVariable String key) {
        long taskKey = Keys.parse(key, "userTaskKey");
        return commands.read(state -> {
            UserTaskRecord task = state.get(RecordKind.USER_TASK, taskKey);
            if (task == null) {
                throw EngineException.notFound("User task with key '" + key + "' not found");
            }
            if (task.formKey == null) {
                return ResponseEntity.<FormResult>noContent().build();
            }
            FormRecord form = state.get(RecordKind.FORM, task.formKey);
            return ResponseEntity.ok(new FormResult()
                    .formKey(String.valueOf(form.key))
                    .formId(form.formId)
                    .version((long) form.version)
                    .schema(form.resource)
                    .tenantId(form.tenantId));
        });
    }

    @GetMapping("/v2/user-tasks/{key}")
    CompletableFuture<UserTaskResult> get(@PathVariable String key) {
        long taskKey = Keys.parse(key, "userTaskKey");
        return history.orHistory(commands.read(state -> java.util.Optional.ofNullable(
                        state.<UserTaskRecord>get(RecordKind.USER_TASK, taskKey)).map(t -> Views.userTask(state, t))),
                RecordKind.USER_TASK, taskKey, UserTaskResult.class, "User task with key '" + key + "' not found");
    }
}
