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
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseBody;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * A case: what the referral says, the timeline, the deadlines with their RAG state, the process diagram (drawn by
 * bpmn-js in the browser), linked cases, and the case messages its process waits for as buttons with forms.
 * Each part comes from its own call, so a part the service cannot give says so and the rest of the page stands.
 */
@Controller
class CaseController {

    static final String CASE = "/api/cases/{caseId}";
    static final Pattern CASE_ID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
    private static final Pattern MESSAGE = Pattern.compile("[a-z0-9.-]{1,100}");
    private static final Pattern FIELD = Pattern.compile("[A-Za-z][A-Za-z0-9]{0,60}");

    private final Backend backend;
    private final ObjectMapper json;

    CaseController(Backend backend, ObjectMapper json) {
        this.backend = backend;
        this.json = json;
    }

    @GetMapping("/cases/{caseId}")
    String caseFile(@PathVariable String caseId, Model model) {
        if (!CASE_ID.matcher(caseId).matches()) {
            model.addAttribute("status", 404);
            model.addAttribute("message", "That is not a case reference.");
            return "refused";
        }
        ApiAnswer summary = backend.optional(Api.WORKFLOW, HttpMethod.GET, CASE, "/api/cases/" + caseId, null);
        model.addAttribute("caseId", caseId);
        if (summary.endpointMissing()) {
            // without the case API, the case's access answer still says whether this person may open it at all
            ApiAnswer access = backend.get(Api.WORKFLOW, "/api/cases/" + caseId + "/access");
            if (!access.ok()) {
                return Pages.refused(model, access, "case");
            }
            model.addAttribute("caseApiMissing", true);
        } else if (!summary.ok()) {
            return Pages.refused(model, summary, "case");
        } else {
            model.addAttribute("case", summary.body());
            model.addAttribute("messageKey", UUID.randomUUID().toString());
        }
        model.addAttribute("timeline", part(caseId, "timeline"));
        model.addAttribute("deadlines", part(caseId, "deadlines"));
        ApiAnswer tasks = backend.get(Api.WORKFLOW, b -> b.path("/api/tasks").queryParam("caseId", caseId)
                .queryParam("size", 50).build());
        model.addAttribute("tasks", tasks.ok() ? TaskPageController.list(tasks.body().path("items")) : List.of());
        return "case";
    }

    /** A list part of the case page: its items, or null when the service cannot give it. */
    private List<JsonNode> part(String caseId, String name) {
        ApiAnswer answer = backend.optional(Api.WORKFLOW, HttpMethod.GET, CASE + "/" + name,
                "/api/cases/" + caseId + "/" + name, null);
        return answer.ok() ? TaskPageController.list(answer.body().path("items")) : null;
    }

    /** The diagram and its active and completed elements, for the page's bpmn-js viewer. */
    @GetMapping(path = "/cases/{caseId}/diagram.json", produces = MediaType.APPLICATION_JSON_VALUE)
    @ResponseBody
    ResponseEntity<JsonNode> diagram(@PathVariable String caseId) {
        if (!CASE_ID.matcher(caseId).matches()) {
            return ResponseEntity.notFound().build();
        }
        ApiAnswer answer = backend.optional(Api.WORKFLOW, HttpMethod.GET, CASE + "/diagram",
                "/api/cases/" + caseId + "/diagram", null);
        if (answer.ok()) {
            return ResponseEntity.ok(answer.body());
        }
        ObjectNode problem = json.createObjectNode().put("status", answer.status())
                .put("missing", answer.endpointMissing()).put("message", answer.problemMessage());
        return ResponseEntity.status(answer.endpointMissing() ? 404 : answer.status()).body(problem);
    }

    /** A case message from its form on the case page: the fields as the message's body, one key per form shown. */
    @PostMapping("/cases/{caseId}/messages/{messageName}")
    String message(@PathVariable String caseId, @PathVariable String messageName,
            @RequestParam MultiValueMap<String, String> form, RedirectAttributes redirect) {
        if (!CASE_ID.matcher(caseId).matches() || !MESSAGE.matcher(messageName).matches()) {
            return "redirect:/tray";
        }
        ObjectNode body = json.createObjectNode();
        form.forEach((name, values) -> {
            if (name.startsWith("field.") && FIELD.matcher(name.substring(6)).matches() && !values.isEmpty()
                    && !values.get(0).isBlank()) {
                body.put(name.substring(6), values.get(0).strip());
            }
        });
        String key = form.getFirst("idempotencyKey");
        ApiAnswer sent = backend.call(Api.WORKFLOW, HttpMethod.POST,
                b -> b.path("/api/cases/" + caseId + "/messages/" + messageName).build(), body,
                MediaType.APPLICATION_JSON_VALUE,
                Map.of("Idempotency-Key", key != null && key.matches("[A-Za-z0-9._:-]{1,100}") ? key
                        : UUID.randomUUID().toString()));
        if (sent.ok()) {
            redirect.addFlashAttribute("notice", "Recorded: " + form.getFirst("label"));
        } else {
            redirect.addFlashAttribute("problem", sent.problemMessage());
            redirect.addFlashAttribute("messageErrors", sent.fieldErrors());
            redirect.addFlashAttribute("failedMessage", messageName);
        }
        return "redirect:/cases/" + caseId;
    }
}
