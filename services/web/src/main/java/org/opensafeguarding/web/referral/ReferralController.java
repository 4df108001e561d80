package org.opensafeguarding.web.referral;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;
import org.opensafeguarding.web.pages.Me;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** New referral pages: one per kind, posting the same CloudEvent an integration would to POST /api/referrals. */
@Controller
class ReferralController {

    private final Backend backend;
    private final ObjectMapper json;

    ReferralController(Backend backend, ObjectMapper json) {
        this.backend = backend;
        this.json = json;
    }

    @GetMapping("/referrals/new")
    String kinds(Model model) {
        model.addAttribute("kinds", ReferralKind.values());
        return "referral-kinds";
    }

    @GetMapping("/referrals/new/{kind}")
    String form(@PathVariable String kind, @AuthenticationPrincipal OidcUser user, Model model) {
        ReferralKind k = ReferralKind.bySlug(kind);
        if (k == null) {
            return "redirect:/referrals/new";
        }
        model.addAttribute("kind", k);
        model.addAttribute("values", Map.of());
        model.addAttribute("errors", Map.of());
        model.addAttribute("eventId", ReferralEvent.newId());
        model.addAttribute("tenants", Me.of(user).tenants());
        return "referral-form";
    }

    @PostMapping("/referrals/new/{kind}")
    String submit(@PathVariable String kind, @AuthenticationPrincipal OidcUser user,
            @RequestParam MultiValueMap<String, String> form, Model model) {
        ReferralKind k = ReferralKind.bySlug(kind);
        if (k == null) {
            return "redirect:/referrals/new";
        }
        Me me = Me.of(user);
        String tenant = form.getFirst("tenant");
        if (tenant == null || !me.tenants().contains(tenant)) {
            tenant = me.tenants().size() == 1 ? me.tenants().get(0) : null;
        }
        String eventId = form.getFirst("eventId");
        if (eventId == null || !eventId.matches("[0-9a-f-]{36}")) {
            eventId = ReferralEvent.newId();
        }
        ObjectNode event = ReferralEvent.build(json, k, form, eventId, tenant);
        ApiAnswer answer = backend.call(Api.WORKFLOW, HttpMethod.POST, b -> b.path("/api/referrals").build(), event,
                "application/json", Map.of());
        if (answer.ok()) {
            model.addAttribute("kind", k);
            model.addAttribute("accepted", answer.body());
            return "referral-done";
        }
        // the errors by question, in the page's order, each linked to its field from the summary
        Map<String, String> errors = new LinkedHashMap<>();
        List<String> unplaced = new ArrayList<>();
        for (ApiAnswer.FieldError e : answer.fieldErrors()) {
            ReferralField question = ReferralEvent.byQuestion(k, e.field());
            if (question == null) {
                unplaced.add(e.message());
            } else {
                errors.putIfAbsent(question.id(), ReferralEvent.message(question, e.rule(), e.message()));
            }
        }
        if (errors.isEmpty() && unplaced.isEmpty()) {
            unplaced.add(answer.problemMessage());
        }
        model.addAttribute("kind", k);
        model.addAttribute("values", form.toSingleValueMap());
        model.addAttribute("allValues", form);
        model.addAttribute("errors", errors);
        model.addAttribute("unplaced", unplaced);
        model.addAttribute("eventId", eventId);
        model.addAttribute("tenants", me.tenants());
        return "referral-form";
    }
}
