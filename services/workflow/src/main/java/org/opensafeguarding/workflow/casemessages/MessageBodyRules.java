package org.opensafeguarding.workflow.casemessages;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.casemessages.CaseMessageException.Violation;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Checks a message body against its fields and turns it into process variables. Every failing field is reported at
 * once; the explanations name the field and the rule, never the value.
 */
final class MessageBodyRules {

    private static final Pattern ISO_DATE = Pattern.compile("^\\d{4}-\\d{2}-\\d{2}$");

    private MessageBodyRules() {
    }

    /**
     * @param today     the service's today (London), the latest date a date field may hold
     * @param caseBegan the case's trigger date, the earliest date a date field may hold: a message's dates are
     *                  business dates (docs/tasklist.md), the day the thing it reports happened
     * @return the variables, by variable name, in field order (absent optional fields left out)
     * @throws CaseMessageException 400 {@code invalid-body} listing every violation
     */
    static Map<String, Object> variables(JsonNode body, List<MessageField> fields, LocalDate today,
                                         LocalDate caseBegan) {
        List<Violation> violations = new ArrayList<>();
        Map<String, Object> variables = new LinkedHashMap<>();
        if (body == null || !body.isObject()) {
            throw CaseMessageException.invalidBody(List.of(new Violation("(body)", "type", "the body must be a JSON object")));
        }
        for (Iterator<String> names = body.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (fields.stream().noneMatch(f -> f.name().equals(name))) {
                violations.add(new Violation(name, "unknown-field", "not a field of this message; allowed: "
                        + fields.stream().map(MessageField::name).toList()));
            }
        }
        for (MessageField field : fields) {
            JsonNode value = body.get(field.name());
            if (value == null || value.isNull()) {
                if (field.required()) {
                    violations.add(new Violation(field.name(), "required", "required: " + field.describe()));
                }
                continue;
            }
            switch (field.kind()) {
                case DATE -> {
                    LocalDate date = date(value);
                    if (date == null) {
                        violations.add(new Violation(field.name(), "format", "must be an ISO date YYYY-MM-DD"));
                    } else if (date.isAfter(today)) {
                        violations.add(new Violation(field.name(), "not-in-future", "must not be after today"));
                    } else if (date.isBefore(caseBegan)) {
                        violations.add(new Violation(field.name(), "not-before-case", "must not be before the case"
                                + " began (the date its referral, death or incident is recorded under)"));
                    } else {
                        variables.put(field.variable(), date.toString());
                    }
                }
                case CODE -> {
                    if (!value.isTextual() || !field.codes().contains(value.asText())) {
                        violations.add(new Violation(field.name(), "enum", "must be one of " + field.codes()));
                    } else {
                        variables.put(field.variable(), value.asText());
                    }
                }
                case BOOLEAN -> {
                    if (!value.isBoolean()) {
                        violations.add(new Violation(field.name(), "type", "must be true or false"));
                    } else {
                        variables.put(field.variable(), value.asBoolean());
                    }
                }
            }
        }
        if (!violations.isEmpty()) {
            throw CaseMessageException.invalidBody(violations);
        }
        return variables;
    }

    private static LocalDate date(JsonNode value) {
        if (!value.isTextual() || !ISO_DATE.matcher(value.asText()).matches()) {
            return null;
        }
        try {
            return LocalDate.parse(value.asText());
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
