package org.opensafeguarding.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseBody;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A task: its case header, due date and statutory timescale, history, and its Camunda form drawn by form-js in the
 * browser. The form's values go to the workflow service's completion as they are; its 400 comes back to the page,
 * which shows each error beside its field. Half-filled forms are kept as server-side drafts.
 */
@Controller
class TaskPageController {

    /** Task keys are engine keys: digits. Anything else is not a task, and never reaches a service's URL. */
    static final Pattern KEY = Pattern.compile("[0-9]{1,20}");

    private static final String DRAFT = "/api/tasks/{taskKey}/draft";

    private final Backend backend;
    private final ObjectMapper json;

    TaskPageController(Backend backend, ObjectMapper json) {
        this.backend = backend;
        this.json = json;
    }

    @GetMapping("/tasks/{taskKey:[0-9]{1,20}}")
    String task(@PathVariable String taskKey, Model model) {
        ApiAnswer detail = backend.get(Api.WORKFLOW, "/api/tasks/" + taskKey);
        if (!detail.ok()) {
            return Pages.refused(model, detail, "task");
        }
        JsonNode task = detail.body().path("task");
        model.addAttribute("task", task);
        model.addAttribute("deadline", detail.body().path("deadline"));
        model.addAttribute("escalation", detail.body().path("escalation"));
        model.addAttribute("variablesAvailable", detail.body().path("variablesAvailable").asBoolean(true));
        String caseId = task.path("caseId").asText();
        model.addAttribute("caseHeader", CaseHeader.of(backend, caseId));
        ApiAnswer history = backend.optional(Api.WORKFLOW, HttpMethod.GET, "/api/tasks/{taskKey}/history",
                "/api/tasks/" + taskKey + "/history", null);
        model.addAttribute("history", history.ok() ? list(history.body().path("items")) : null);
        return "task";
    }

    /** The form and what to fill it with: the task's variables, overlaid with the person's draft if there is one. */
    @GetMapping(path = "/tasks/{taskKey:[0-9]{1,20}}/form-data", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<JsonNode> formData(@PathVariable String taskKey) {
        ApiAnswer form = backend.get(Api.WORKFLOW, "/api/tasks/" + taskKey + "/form");
        if (!form.ok()) {
            return ResponseEntity.status(form.status()).body(problem(form));
        }
        ApiAnswer detail = backend.get(Api.WORKFLOW, "/api/tasks/" + taskKey);
        ObjectNode data = json.createObjectNode();
        if (detail.ok() && detail.body().path("variables").isObject()) {
            data.setAll((ObjectNode) detail.body().path("variables"));
        }
        ApiAnswer draft = backend.optional(Api.WORKFLOW, HttpMethod.GET, DRAFT, "/api/tasks/" + taskKey + "/draft",
                null);
        boolean hasDraft = draft.ok() && draft.body().isObject();
        if (hasDraft) {
            JsonNode values = draft.body().has("values") ? draft.body().path("values") : draft.body();
            if (values.isObject()) {
                data.setAll((ObjectNode) values);
                nestDottedKeys(data, (ObjectNode) values);
            }
        }
        ObjectNode out = json.createObjectNode();
        out.set("schema", form.body().path("schema"));
        out.set("data", data);
        out.put("draftRestored", hasDraft);
        out.put("draftsAvailable", !draft.endpointMissing());
        return ResponseEntity.ok(out);
    }

    @PutMapping(path = "/tasks/{taskKey:[0-9]{1,20}}/draft", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<JsonNode> saveDraft(@PathVariable String taskKey, @RequestBody JsonNode values) {
        ApiAnswer saved = backend.optional(Api.WORKFLOW, HttpMethod.PUT, DRAFT, "/api/tasks/" + taskKey + "/draft",
                values);
        ObjectNode out = json.createObjectNode();
        out.put("saved", saved.ok());
        out.put("available", !saved.endpointMissing());
        return ResponseEntity.status(saved.ok() || saved.endpointMissing() ? 200 : saved.status()).body(out);
    }

    /**
     * The tasklist keeps values under their form keys as written ({@code record.adviceSummary}), while form-js reads a
     * dotted key as a path into nested data: each dotted key is also set at its path, so the form shows it.
     */
    private void nestDottedKeys(ObjectNode data, ObjectNode values) {
        values.fields().forEachRemaining(e -> {
            String[] path = e.getKey().split("\\.");
            if (path.length < 2) {
                return;
            }
            ObjectNode at = data;
            for (int i = 0; i < path.length - 1; i++) {
                JsonNode next = at.path(path[i]);
                if (!next.isObject()) {
                    next = at.putObject(path[i]);
                }
                at = (ObjectNode) next;
            }
            at.set(path[path.length - 1], e.getValue());
        });
    }

    /** The form's values to the tasklist's own validation; its answer goes back to the page as it came. */
    @PostMapping(path = "/tasks/{taskKey:[0-9]{1,20}}/completion", consumes = MediaType.APPLICATION_JSON_VALUE,
            produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<JsonNode> complete(@PathVariable String taskKey, @RequestBody JsonNode values) {
        ApiAnswer done = backend.send(Api.WORKFLOW, HttpMethod.POST, "/api/tasks/" + taskKey + "/completion",
                values);
        if (done.ok()) {
            backend.optional(Api.WORKFLOW, HttpMethod.DELETE, DRAFT, "/api/tasks/" + taskKey + "/draft", null);
            return ResponseEntity.status(done.status()).body(done.body());
        }
        return ResponseEntity.status(done.status()).body(problem(done));
    }

    /** After a completion: what the case asks for next (the engine creates it within moments; the page polls). */
    @GetMapping("/tasks/{taskKey:[0-9]{1,20}}/next")
    String next(@PathVariable String taskKey, Model model) {
        ApiAnswer detail = backend.get(Api.WORKFLOW, "/api/tasks/" + taskKey);
        if (!detail.ok()) {
            return Pages.refused(model, detail, "task");
        }
        JsonNode task = detail.body().path("task");
        model.addAttribute("task", task);
        model.addAttribute("caseHeader", CaseHeader.of(backend, task.path("caseId").asText()));
        nextTasks(task.path("caseId").asText(), taskKey, model);
        return "task-next";
    }

    @GetMapping("/tasks/{taskKey:[0-9]{1,20}}/next/list")
    String nextList(@PathVariable String taskKey, @org.springframework.web.bind.annotation.RequestParam String caseId,
            Model model) {
        nextTasks(caseId, taskKey, model);
        return "task-next :: list";
    }

    private void nextTasks(String caseId, String taskKey, Model model) {
        ApiAnswer open = backend.get(Api.WORKFLOW, b -> b.path("/api/tasks").queryParam("caseId", caseId)
                .queryParam("size", 20).build());
        List<JsonNode> tasks = new ArrayList<>();
        if (open.ok()) {
            open.body().path("items").forEach(t -> {
                if (!taskKey.equals(t.path("taskKey").asText())) {
                    tasks.add(t);
                }
            });
        }
        model.addAttribute("caseId", caseId);
        model.addAttribute("taskKey", taskKey);
        model.addAttribute("nextTasks", tasks);
    }

    /** The problem as the page script reads it: status, message, and errors by field key. */
    private JsonNode problem(ApiAnswer answer) {
        ObjectNode out = json.createObjectNode();
        out.put("status", answer.status());
        out.put("code", answer.body().path("code").asText(""));
        out.put("message", answer.problemMessage());
        var errors = out.putArray("errors");
        for (ApiAnswer.FieldError e : answer.fieldErrors()) {
            errors.addObject().put("field", e.field()).put("rule", e.rule()).put("message", e.message());
        }
        return out;
    }

    static List<JsonNode> list(JsonNode items) {
        List<JsonNode> out = new ArrayList<>();
        for (Iterator<JsonNode> i = items.elements(); i.hasNext(); ) {
            out.add(i.next());
        }
        return out;
    }
}
