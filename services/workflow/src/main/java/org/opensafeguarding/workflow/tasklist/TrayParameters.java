package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The work tray's query keys and the rules for their values, shared by GET /api/tasks and the saved filters, so a
 * saved filter always replays as a valid tray query.
 */
public final class TrayParameters {

    /** Every key a tray query (and so a saved filter) may hold. */
    public static final Set<String> KEYS = Set.of("view", "candidateGroup", "assignee", "caseId", "caseType",
            "taskType", "due", "tenant", "sort");
    public static final int MAX_VALUE_LENGTH = 200;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:@-]+");

    private TrayParameters() {
    }

    /** One broken rule: the key, the rule's short name and a message that does not repeat the value. */
    public record Violation(String field, String rule, String message) {
    }

    /** @return every rule the values break, in key order; empty when they form a valid tray query */
    public static List<Violation> violations(Map<String, String> values) {
        List<Violation> out = new ArrayList<>();
        values.keySet().stream().sorted().forEach(key -> {
            String value = values.get(key);
            if (!KEYS.contains(key)) {
                out.add(new Violation(key, "unknown-key", key + " is not a tray query key; known keys: "
                        + KEYS.stream().sorted().toList()));
                return;
            }
            if (value == null || value.isBlank()) {
                out.add(new Violation(key, "required", key + " must not be empty"));
                return;
            }
            if (value.length() > MAX_VALUE_LENGTH) {
                out.add(new Violation(key, "max-length", key + " must be at most " + MAX_VALUE_LENGTH + " characters"));
                return;
            }
            String rule = switch (key) {
                case "view" -> oneOf(key, value, TrayQuery.View.values(), true);
                case "due" -> oneOf(key, value, TrayQuery.Due.values(), true);
                case "caseType" -> oneOf(key, value, CaseType.values(), false);
                case "sort" -> "due".equals(value) ? null : "sort must be due";
                case "caseId" -> isCaseId(value) ? null : "caseId must be a UUID";
                default -> NAME.matcher(value).matches() ? null
                        : key + " may hold letters, digits and . _ : @ - only";
            };
            if (rule != null) {
                out.add(new Violation(key, "invalid-value", rule));
            }
        });
        return out;
    }

    /** The tray query the values describe; they must have no violations. */
    static TrayQuery parse(Map<String, String> values) {
        List<Violation> broken = violations(values);
        if (!broken.isEmpty()) {
            throw new TasklistException.QueryInvalid(broken.stream()
                    .map(v -> new TasklistException.FormViolation(v.field(), v.rule(), v.message())).toList());
        }
        return new TrayQuery(
                values.containsKey("view") ? TrayQuery.View.valueOf(values.get("view").toUpperCase(Locale.ROOT)) : null,
                values.get("candidateGroup"), values.get("assignee"),
                values.containsKey("caseId") ? CaseId.parse(values.get("caseId")) : null,
                values.containsKey("caseType") ? values.get("caseType").toUpperCase(Locale.ROOT) : null,
                values.get("taskType"),
                values.containsKey("due") ? TrayQuery.Due.valueOf(values.get("due").toUpperCase(Locale.ROOT)) : null,
                values.get("tenant"));
    }

    private static String oneOf(String key, String value, Enum<?>[] allowed, boolean lowerCase) {
        List<String> names = Arrays.stream(allowed).map(Enum::name).toList();
        return names.contains(value.toUpperCase(Locale.ROOT)) ? null : key + " must be one of "
                + names.stream().map(n -> lowerCase ? n.toLowerCase(Locale.ROOT) : n).toList();
    }

    private static boolean isCaseId(String value) {
        try {
            CaseId.parse(value);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
