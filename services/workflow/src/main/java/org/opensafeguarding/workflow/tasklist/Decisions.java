package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a decision completion records (DOMAIN §7.3, docs/processes.md §1.2): the criteria (every boolean field),
 * the outcomes (the coded choice fields), the decision-maker's role and the rationale.
 *
 * <p>The event carries one {@code outcome} code: the field the task names in its custom header
 * {@code decisionOutcome}; otherwise the last choice field in form order (forms put the decision after the
 * categories it rests on, e.g. {@code route} after {@code abuseCategory}); otherwise, for decisions that are only
 * criteria (the model's output mapping derives the route from them), {@code all-criteria-met},
 * {@code some-criteria-met} or {@code no-criteria-met}. {@code decisionType} is the task's header {@code decisionType},
 * else its form id, else its element id.
 */
final class Decisions {

    static final String OUTCOME_HEADER = "decisionOutcome";
    static final String TYPE_HEADER = "decisionType";

    record Decision(String decisionType, String outcome, Map<String, String> outcomes, Map<String, Boolean> criteria,
                    String decisionMakerRole, String rationale) {
    }

    private Decisions() {
    }

    /** The choice fields of the submission that are outcomes, in form order (submission order without a form). */
    static List<String> outcomeFields(TaskForm form, TaskSubmission submission) {
        List<String> keys = new ArrayList<>();
        if (form != null) {
            form.fields().values().forEach(f -> {
                if (f.choice() && isOutcome(f.key(), submission)) {
                    keys.add(f.key());
                }
            });
        } else {
            submission.routing().keySet().forEach(k -> {
                if (isOutcome(k, submission)) {
                    keys.add(k);
                }
            });
        }
        return keys;
    }

    private static boolean isOutcome(String key, TaskSubmission submission) {
        JsonNode value = submission.routing().get(key);
        return !TaskSubmission.DECISION_MAKER_ROLE.equals(key) && value != null && value.isTextual()
                && !value.asText().isBlank() && SubmissionRules.CODE.matcher(value.asText()).matches();
    }

    static Decision of(TaskRow task, TaskForm form, TaskSubmission submission) {
        Map<String, Boolean> criteria = new LinkedHashMap<>();
        submission.routing().forEach((k, v) -> {
            if (v.isBoolean()) {
                criteria.put(k, v.asBoolean());
            }
        });
        Map<String, String> outcomes = new LinkedHashMap<>();
        outcomeFields(form, submission).forEach(k -> outcomes.put(k, submission.routing().get(k).asText()));

        String outcome = null;
        String named = task.customHeaders().get(OUTCOME_HEADER);
        if (named != null && outcomes.containsKey(named)) {
            outcome = outcomes.get(named);
        } else if (named != null && criteria.containsKey(named)) {
            outcome = named + (criteria.get(named) ? "-true" : "-false");
        } else if (!outcomes.isEmpty()) {
            outcome = new ArrayList<>(outcomes.values()).get(outcomes.size() - 1);
        } else {
            long met = criteria.values().stream().filter(Boolean::booleanValue).count();
            outcome = criteria.isEmpty() ? "recorded"
                    : met == criteria.size() ? "all-criteria-met" : met == 0 ? "no-criteria-met" : "some-criteria-met";
        }
        String type = task.customHeaders().get(TYPE_HEADER);
        if (type == null || !SubmissionRules.CODE.matcher(type).matches()) {
            type = task.formId() != null && SubmissionRules.CODE.matcher(task.formId()).matches()
                    ? task.formId() : task.elementId();
        }
        return new Decision(type, outcome, outcomes, criteria,
                submission.routing().get(TaskSubmission.DECISION_MAKER_ROLE).asText(),
                submission.records().get(TaskSubmission.RATIONALE).asText());
    }
}
