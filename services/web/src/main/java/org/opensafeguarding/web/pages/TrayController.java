package org.opensafeguarding.web.pages;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.web.api.Api;
import org.opensafeguarding.web.api.ApiAnswer;
import org.opensafeguarding.web.api.Backend;
import org.springframework.http.HttpMethod;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import org.springframework.web.util.UriComponentsBuilder;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work tray: my tasks, my teams' unassigned tasks, everything open in my groups; soonest due first. The
 * workflow service filters and counts (view, caseType, taskType, due, tenant); the tray also applies the tab's rule
 * to what comes back, so a service that does not know a filter yet never shows a task under the wrong tab.
 */
@Controller
class TrayController {

    static final List<String> VIEWS = List.of("mine", "unassigned", "groups");
    private static final int PAGE = 100;

    private final Backend backend;

    TrayController(Backend backend) {
        this.backend = backend;
    }

    public record Filters(String view, String caseType, String taskType, String due, String tenant) {

        public Filters {
            view = view != null && VIEWS.contains(view) ? view : "mine";
            caseType = blankToNull(caseType);
            taskType = blankToNull(taskType);
            due = "overdue".equals(due) || "week".equals(due) ? due : null;
            tenant = blankToNull(tenant);
        }

        public Map<String, String> query() {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("caseType", caseType);
            q.put("taskType", taskType);
            q.put("due", due);
            q.put("tenant", tenant);
            q.values().removeIf(v -> v == null);
            return q;
        }

        public String link(String otherView) {
            UriComponentsBuilder b = UriComponentsBuilder.fromPath("/tray").queryParam("view", otherView);
            query().forEach(b::queryParam);
            return b.build().encode().toUriString();
        }
    }

    @GetMapping("/tray")
    String tray(@AuthenticationPrincipal OidcUser user, @RequestParam(required = false) String view,
            @RequestParam(required = false) String caseType, @RequestParam(required = false) String taskType,
            @RequestParam(required = false) String due, @RequestParam(required = false) String tenant, Model model) {
        Me me = Me.of(user);
        Filters filters = new Filters(view, caseType, taskType, due, tenant);
        ApiAnswer answer = backend.get(Api.WORKFLOW, b -> {
            b.path("/api/tasks").queryParam("view", filters.view()).queryParam("sort", "due")
                    .queryParam("size", PAGE);
            filters.query().forEach(b::queryParam);
            if (filters.view().equals("mine")) {
                b.queryParam("assignee", me.userId());
            }
            return b.build();
        });
        if (!answer.ok()) {
            model.addAttribute("problem", answer.problemMessage());
            model.addAttribute("tasks", List.of());
        } else {
            List<JsonNode> tasks = new ArrayList<>();
            for (JsonNode t : answer.body().path("items")) {
                if (inTab(filters, me, t)) {
                    tasks.add(t);
                }
            }
            model.addAttribute("tasks", tasks);
            model.addAttribute("restrictedHidden", answer.body().path("restrictedHidden").asLong(0));
        }
        model.addAttribute("filters", filters);
        model.addAttribute("views", VIEWS);
        model.addAttribute("counts", counts(filters, me));
        model.addAttribute("savedFilters", savedFilters());
        model.addAttribute("today", LocalDate.now());
        return "tray";
    }

    /** The tab's own rule and the due filter, applied to what came back whatever the service understood. */
    private static boolean inTab(Filters filters, Me me, JsonNode task) {
        String assignee = task.path("assignee").isTextual() ? task.path("assignee").asText() : null;
        boolean tab = switch (filters.view()) {
            case "mine" -> me.is(assignee);
            case "unassigned" -> assignee == null;
            default -> true;
        };
        return tab && (filters.caseType() == null || !task.has("caseType")
                || filters.caseType().equals(task.path("caseType").asText()))
                && (filters.taskType() == null || filters.taskType().equals(task.path("taskType").asText(
                task.path("formId").asText(task.path("elementId").asText()))));
    }

    /** GET /api/tasks/counts; a service without it: counted from one page of the groups view. */
    private Map<String, String> counts(Filters filters, Me me) {
        ApiAnswer counts = backend.optional(Api.WORKFLOW, HttpMethod.GET, "/api/tasks/counts", b -> {
            b.path("/api/tasks/counts");
            filters.query().forEach(b::queryParam);
            return b.build();
        }, null);
        Map<String, String> out = new LinkedHashMap<>();
        if (counts.ok() && counts.body().has("mine")) {
            VIEWS.forEach(v -> out.put(v, counts.body().path(v).asText("")));
            return out;
        }
        ApiAnswer all = backend.get(Api.WORKFLOW, b -> {
            b.path("/api/tasks").queryParam("view", "groups").queryParam("size", PAGE);
            filters.query().forEach(b::queryParam);
            return b.build();
        });
        if (!all.ok()) {
            VIEWS.forEach(v -> out.put(v, ""));
            return out;
        }
        int mine = 0;
        int unassigned = 0;
        int groups = 0;
        for (JsonNode t : all.body().path("items")) {
            if (!inTab(new Filters("groups", filters.caseType(), filters.taskType(), null, null), me, t)) {
                continue;
            }
            groups++;
            String assignee = t.path("assignee").isTextual() ? t.path("assignee").asText() : null;
            if (assignee == null) {
                unassigned++;
            } else if (me.is(assignee)) {
                mine++;
            }
        }
        boolean more = all.body().path("totalItems").asLong(0) > PAGE;
        out.put("mine", mine + (more ? "+" : ""));
        out.put("unassigned", unassigned + (more ? "+" : ""));
        out.put("groups", all.body().path("totalItems").asText(Integer.toString(groups)));
        return out;
    }

    /** Saved filters live on the server (GET /api/me/filters): null when this service version has none. */
    private List<JsonNode> savedFilters() {
        ApiAnswer saved = backend.optional(Api.WORKFLOW, HttpMethod.GET, "/api/me/filters", "/api/me/filters", null);
        if (!saved.ok()) {
            return null;
        }
        List<JsonNode> out = new ArrayList<>();
        saved.body().path("items").forEach(out::add);
        if (out.isEmpty() && saved.body().isArray()) {
            saved.body().forEach(out::add);
        }
        return out;
    }

    @PostMapping("/tray/filters")
    String saveFilter(@RequestParam String name, @RequestParam(required = false) String view,
            @RequestParam(required = false) String caseType, @RequestParam(required = false) String taskType,
            @RequestParam(required = false) String due, @RequestParam(required = false) String tenant,
            RedirectAttributes redirect) {
        Filters filters = new Filters(view, caseType, taskType, due, tenant);
        Map<String, String> query = new LinkedHashMap<>(filters.query());
        query.put("view", filters.view());
        ApiAnswer saved = backend.optional(Api.WORKFLOW, HttpMethod.POST, "/api/me/filters", "/api/me/filters",
                Map.of("name", name.strip(), "query", query));
        redirect.addFlashAttribute(saved.ok() ? "notice" : "problem",
                saved.ok() ? "Filter \u201c" + name.strip() + "\u201d saved." : saved.problemMessage());
        return "redirect:" + filters.link(filters.view());
    }

    @PostMapping("/tray/filters/{id}/delete")
    String deleteFilter(@PathVariable String id, RedirectAttributes redirect) {
        ApiAnswer deleted = backend.optional(Api.WORKFLOW, HttpMethod.DELETE, "/api/me/filters/{id}",
                "/api/me/filters/" + id, null);
        redirect.addFlashAttribute(deleted.ok() ? "notice" : "problem",
                deleted.ok() ? "Filter deleted." : deleted.problemMessage());
        return "redirect:/tray";
    }

    /** Claim or unassign in one click, then back to the same tab and filters. */
    @PostMapping("/tray/tasks/{taskKey}/{action:claim|unassign}")
    String assign(@PathVariable String taskKey, @PathVariable String action,
            @RequestParam(required = false) String back, RedirectAttributes redirect) {
        ApiAnswer answer = backend.send(Api.WORKFLOW, HttpMethod.POST, "/api/tasks/" + taskKey + "/" + action, null);
        if (answer.ok()) {
            redirect.addFlashAttribute("notice", (action.equals("claim") ? "Task claimed: " : "Task unassigned: ")
                    + answer.body().path("name").asText("task"));
        } else {
            redirect.addFlashAttribute("problem", answer.problemMessage());
        }
        return "redirect:" + (back != null && back.startsWith("/") && !back.startsWith("//") ? back : "/tray");
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }
}
