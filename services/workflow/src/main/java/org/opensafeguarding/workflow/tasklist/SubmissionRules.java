package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.tasklist.TaskForm.Field;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.OffsetTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a completion against the task's form: every required field present (skipped for fields the form may hide
 * by a condition, which only the form's FEEL can decide), each value of the field's type and among its fixed
 * options, no field the form does not have. Without a form, routing values must be booleans, numbers, codes or
 * dates: free text belongs in {@code record.*}. A decision also needs a coded {@code decisionMakerRole} and a
 * {@code record.rationale}. Messages name the field and rule, never the value.
 */
final class SubmissionRules {

    static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");

    private SubmissionRules() {
    }

    static List<FormViolation> check(TaskForm form, TaskSubmission submission) {
        List<FormViolation> problems = new ArrayList<>(submission.shapeProblems());
        if (form != null) {
            checkAgainstForm(form, submission, problems);
        } else {
            submission.routing().forEach((key, value) -> checkWithoutForm(key, value, problems));
        }
        if (submission.decision()) {
            checkDecision(form, submission, problems);
        }
        return problems;
    }

    private static void checkAgainstForm(TaskForm form, TaskSubmission submission, List<FormViolation> problems) {
        Map<String, Field> fields = form.fields();
        for (Map<String, JsonNode> given : List.of(submission.routing(), submission.records())) {
            for (String key : given.keySet()) {
                if (!fields.containsKey(key)) {
                    problems.add(new FormViolation(key, "unknown-field", key + " is not a field of form " + form.formId()));
                }
            }
        }
        for (Field field : fields.values()) {
            JsonNode value = submission.value(field.key());
            boolean missing = value == null || value.isNull() || (value.isTextual() && value.asText().isBlank())
                    || (value.isArray() && value.isEmpty());
            if (missing) {
                if (field.required() && !field.conditional()) {
                    problems.add(new FormViolation(field.key(), "required", field.key() + " is required"));
                }
                continue;
            }
            checkType(field, value, problems);
        }
    }

    private static void checkType(Field field, JsonNode value, List<FormViolation> problems) {
        String key = field.key();
        switch (field.type()) {
            case "checkbox" -> {
                if (!value.isBoolean()) {
                    problems.add(new FormViolation(key, "type", key + " must be true or false"));
                } else if (field.required() && !field.conditional() && !value.asBoolean()) {
                    problems.add(new FormViolation(key, "required", key + " must be ticked"));
                }
            }
            case "number" -> {
                if (!value.isNumber()) {
                    problems.add(new FormViolation(key, "type", key + " must be a number"));
                }
            }
            case "select", "radio" -> {
                if (!value.isTextual()) {
                    problems.add(new FormViolation(key, "type", key + " must be one of its options (text)"));
                } else if (field.options() != null && !field.options().contains(value.asText())) {
                    problems.add(new FormViolation(key, "enum", key + " is not one of the form's options"));
                } else if (field.options() == null && !CODE.matcher(value.asText()).matches()) {
                    problems.add(new FormViolation(key, "code", key + " must be an option code"));
                }
            }
            case "checklist", "taglist" -> {
                if (!value.isArray()) {
                    problems.add(new FormViolation(key, "type", key + " must be a list of options"));
                    return;
                }
                for (JsonNode item : value) {
                    if (!item.isTextual() || (field.options() != null && !field.options().contains(item.asText()))
                            || (field.options() == null && !CODE.matcher(item.asText()).matches())) {
                        problems.add(new FormViolation(key, "enum", key + " holds a value that is not one of its options"));
                        return;
                    }
                }
            }
            case "datetime" -> {
                if (!value.isTextual() || !temporal(value.asText(), field.subtype())) {
                    problems.add(new FormViolation(key, "format", key + " must be an ISO 8601 "
                            + (field.subtype() == null ? "date-time" : field.subtype())));
                }
            }
            case "textfield", "textarea" -> {
                if (!value.isTextual()) {
                    problems.add(new FormViolation(key, "type", key + " must be text"));
                    return;
                }
                int length = value.asText().length();
                if (field.minLength() != null && length < field.minLength()) {
                    problems.add(new FormViolation(key, "minLength", key + " is shorter than " + field.minLength()));
                }
                if (field.maxLength() != null && length > field.maxLength()) {
                    problems.add(new FormViolation(key, "maxLength", key + " is longer than " + field.maxLength()));
                }
            }
            default -> {
                // other component types hold values the tasklist passes on as they are
            }
        }
    }

    private static boolean temporal(String text, String subtype) {
        try {
            if ("date".equals(subtype)) {
                LocalDate.parse(text);
            } else if ("time".equals(subtype)) {
                try {
                    LocalTime.parse(text);
                } catch (DateTimeParseException notLocal) {
                    OffsetTime.parse(text);
                }
            } else {
                return dateOrDateTime(text);
            }
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    private static boolean dateOrDateTime(String text) {
        for (java.util.function.Consumer<String> parser : List.<java.util.function.Consumer<String>>of(
                OffsetDateTime::parse, LocalDateTime::parse, LocalDate::parse)) {
            try {
                parser.accept(text);
                return true;
            } catch (DateTimeParseException ignored) {
                // try the next shape
            }
        }
        return false;
    }

    private static void checkWithoutForm(String key, JsonNode value, List<FormViolation> problems) {
        if (value.isNull() || value.isBoolean() || value.isNumber()) {
            return;
        }
        if (value.isTextual()) {
            if (!CODE.matcher(value.asText()).matches() && !dateOrDateTime(value.asText())) {
                problems.add(new FormViolation(key, "free-text", key + " is not a code, a date or a number: "
                        + "free text goes in a record.* field, which stays in the case record"));
            }
            return;
        }
        if (value.isArray()) {
            for (JsonNode item : value) {
                if (!item.isTextual() || !CODE.matcher(item.asText()).matches()) {
                    problems.add(new FormViolation(key, "free-text", key + " must be a list of codes"));
                    return;
                }
            }
            return;
        }
        problems.add(new FormViolation(key, "type", key + " must be a boolean, a number, a code, a date or a list of codes"));
    }

    private static void checkDecision(TaskForm form, TaskSubmission submission, List<FormViolation> problems) {
        JsonNode role = submission.routing().get(TaskSubmission.DECISION_MAKER_ROLE);
        if (!role.isTextual() || !CODE.matcher(role.asText()).matches()) {
            problems.add(new FormViolation(TaskSubmission.DECISION_MAKER_ROLE, "code",
                    "decisionMakerRole must be a role code"));
        }
        JsonNode rationale = submission.records().get(TaskSubmission.RATIONALE);
        boolean missing = rationale == null || rationale.isNull() || rationale.asText().isBlank();
        boolean alreadyReported = problems.stream().anyMatch(p -> p.field().equals(TaskSubmission.RATIONALE));
        if (missing && !alreadyReported) {
            problems.add(new FormViolation(TaskSubmission.RATIONALE, "required",
                    "a decision needs its rationale in record.rationale"));
        }
        // criteria names and outcomes go into the decision.recorded event, which carries codes only
        submission.routing().forEach((key, value) -> {
            if (value.isBoolean() && !CODE.matcher(key).matches()) {
                problems.add(new FormViolation(key, "code", "a decision criterion's name must be a code"));
            }
        });
        for (String key : Decisions.outcomeFields(form, submission)) {
            JsonNode value = submission.routing().get(key);
            if (value.isTextual() && !CODE.matcher(value.asText()).matches()
                    && problems.stream().noneMatch(p -> p.field().equals(key))) {
                problems.add(new FormViolation(key, "code", key + " must be an option code for a decision"));
            }
        }
    }
}
