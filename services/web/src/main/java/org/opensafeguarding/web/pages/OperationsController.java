package org.opensafeguarding.web.pages;

import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The operator's page: the engine's incidents with their error, and the engine commands it refused, each with a
 * retry once the cause is fixed.
 */
@Controller
class OperationsController {

    private final Backend backend;

    OperationsController(Backend backend) {
        this.backend = backend;
    }

    @GetMapping("/operations")
    String incidents(Model model) {
        ApiAnswer answer = backend.optional(Api.WORKFLOW, HttpMethod.GET, "/api/operations/incidents",
                "/api/operations/incidents", null);
        if (answer.ok()) {
            model.addAttribute("incidents", TaskPageController.list(answer.body().path("items")));
        } else if (answer.endpointMissing()) {
            model.addAttribute("missing", true);
        } else {
            model.addAttribute("problem", answer.problemMessage());
        }
        ApiAnswer refused = backend.optional(Api.WORKFLOW, HttpMethod.GET, "/api/operations/engine-commands",
                "/api/operations/engine-commands", null);
        if (refused.ok()) {
            model.addAttribute("refusedCommands", TaskPageController.list(refused.body().path("items")));
            model.addAttribute("refusedTruncated", refused.body().path("truncated").asBoolean());
        } else if (!refused.endpointMissing()) {
            model.addAttribute("refusedProblem", refused.problemMessage());
        }
        return "operations";
    }

    @PostMapping("/operations/incidents/{incidentKey:[0-9]{1,20}}/retry")
    String retry(@PathVariable String incidentKey, RedirectAttributes redirect) {
        ApiAnswer answer = backend.optional(Api.WORKFLOW, HttpMethod.POST, "/api/operations/incidents/{incidentKey}/retry",
                "/api/operations/incidents/" + incidentKey + "/retry", null);
        redirect.addFlashAttribute(answer.ok() ? "notice" : "problem",
                answer.ok() ? "Incident " + incidentKey + " retried." : answer.problemMessage());
        return "redirect:/operations";
    }

    @PostMapping("/operations/engine-commands/{commandId:[0-9]{1,19}}/retry")
    String retryCommand(@PathVariable String commandId, RedirectAttributes redirect) {
        ApiAnswer answer = backend.optional(Api.WORKFLOW, HttpMethod.POST,
                "/api/operations/engine-commands/{commandId}/retry",
                "/api/operations/engine-commands/" + commandId + "/retry", null);
        redirect.addFlashAttribute(answer.ok() ? "notice" : "problem", answer.ok()
                ? "Engine command " + commandId + " will be sent again." : answer.problemMessage());
        return "redirect:/operations";
    }
}
