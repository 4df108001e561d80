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

/** The operator's page: the engine's incidents with their error, and a retry once the cause is fixed. */
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
}
