package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The parts of a Camunda form (form-js JSON, as in {@code bpmn/forms/<form id>.form}) the tasklist checks a
 * submission against: each keyed field with its type, whether it is required, its fixed options, and the process
 * variables the form reads (option lists by {@code valuesKey}, FEEL expressions, {@code {{templates}}}).
 */
final class TaskForm {

    /** Component types that show something but hold no value. */
    private static final Set<String> DISPLAY_ONLY = Set.of("text", "html", "spacer", "separator", "image", "button",
            "iframe", "table", "documentPreview", "group", "dynamiclist", "expression-display");
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern TEMPLATE = Pattern.compile("\\{\\{(.*?)}}", Pattern.DOTALL);

    /**
     * @param dateKind  a date field's custom property {@code dateKind}: {@code happened} (a business date) or
     *                  {@code planned}; null when the form does not say (see {@link BusinessDates})
     * @param notBefore a date field's custom property {@code notBefore}: the key of another date field of the form
     *                  that this one may not precede
     */
    record Field(String key, String type, boolean required, boolean conditional, Set<String> options,
                 String valuesKey, String subtype, Integer minLength, Integer maxLength, String dateKind,
                 String notBefore) {

        boolean choice() {
            return "select".equals(type) || "radio".equals(type);
        }

        boolean date() {
            return "datetime".equals(type);
        }
    }

    private final String formId;
    private final Map<String, Field> fields = new LinkedHashMap<>();
    private final Set<String> referencedNames = new LinkedHashSet<>();

    private TaskForm(String formId) {
        this.formId = formId;
    }

    static TaskForm parse(String formId, JsonNode schema) {
        TaskForm form = new TaskForm(formId);
        form.walk(schema.path("components"));
        form.collectReferences(schema);
        return form;
    }

    String formId() {
        return formId;
    }

    /** Keyed fields in form order. */
    Map<String, Field> fields() {
        return fields;
    }

    /** Names (candidate variable names) the form reads from the process. */
    Set<String> referencedNames() {
        return referencedNames;
    }

    private void walk(JsonNode components) {
        for (JsonNode c : components) {
            String type = c.path("type").asText("");
            if (c.hasNonNull("key") && !DISPLAY_ONLY.contains(type)) {
                JsonNode validate = c.path("validate");
                Set<String> options = null;
                if (c.path("values").isArray()) {
                    options = new LinkedHashSet<>();
                    for (JsonNode v : c.path("values")) {
                        options.add(v.path("value").asText());
                    }
                }
                String key = c.get("key").asText();
                fields.put(key, new Field(key, type, validate.path("required").asBoolean(false),
                        c.path("conditional").hasNonNull("hide"), options,
                        c.hasNonNull("valuesKey") ? c.get("valuesKey").asText() : null,
                        c.path("subtype").asText(null),
                        validate.hasNonNull("minLength") ? validate.get("minLength").asInt() : null,
                        validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null,
                        c.path("properties").path("dateKind").asText(null),
                        c.path("properties").path("notBefore").asText(null)));
            }
            if (c.path("components").isArray()) {
                walk(c.path("components"));
            }
        }
    }

    private void collectReferences(JsonNode node) {
        if (node.isObject()) {
            Iterator<Map.Entry<String, JsonNode>> entries = node.fields();
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> e = entries.next();
                if ("valuesKey".equals(e.getKey()) && e.getValue().isTextual()) {
                    referencedNames.add(e.getValue().asText());
                } else {
                    collectReferences(e.getValue());
                }
            }
        } else if (node.isArray()) {
            node.forEach(this::collectReferences);
        } else if (node.isTextual()) {
            String text = node.asText();
            List<String> expressions = new ArrayList<>();
            if (text.startsWith("=")) {
                expressions.add(text.substring(1));
            }
            Matcher templates = TEMPLATE.matcher(text);
            while (templates.find()) {
                expressions.add(templates.group(1));
            }
            for (String expression : expressions) {
                Matcher names = IDENTIFIER.matcher(expression);
                while (names.find()) {
                    referencedNames.add(names.group());
                }
            }
        }
    }
}
