package org.opensafeguarding.workflow.cases;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A referral's data (the CloudEvent's {@code data}, as validated against its JSON Schema) as a flat list a page can
 * show: one item per value, named by its path ({@code allegation.narrative}, {@code children[0].age}) and labelled
 * from it ("Allegation: narrative", "Children 1: age"). A list of plain values is one item, joined by commas.
 */
final class ReferralFields {

    /** Deep enough for any referral schema; deeper nesting is shown as its JSON text. */
    private static final int MAX_DEPTH = 8;

    private ReferralFields() {
    }

    static List<CaseViews.ReferralField> of(JsonNode data) {
        List<CaseViews.ReferralField> fields = new ArrayList<>();
        if (data != null && data.isObject()) {
            walk(data, "", new ArrayList<>(), fields, 0);
        }
        return fields;
    }

    private static void walk(JsonNode node, String path, List<String> labelParts, List<CaseViews.ReferralField> out,
                             int depth) {
        if (node.isObject() && depth < MAX_DEPTH) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                List<String> parts = new ArrayList<>(labelParts);
                parts.add(words(field.getKey()));
                walk(field.getValue(), path.isEmpty() ? field.getKey() : path + "." + field.getKey(), parts, out,
                        depth + 1);
            }
        } else if (node.isArray() && depth < MAX_DEPTH && containsContainers(node)) {
            for (int i = 0; i < node.size(); i++) {
                List<String> parts = new ArrayList<>(labelParts);
                int last = parts.size() - 1;
                parts.set(last, parts.get(last) + " " + (i + 1));
                walk(node.get(i), path + "[" + i + "]", parts, out, depth + 1);
            }
        } else if (!node.isNull()) {
            out.add(new CaseViews.ReferralField(path, label(labelParts), value(node)));
        }
    }

    private static boolean containsContainers(JsonNode array) {
        for (JsonNode item : array) {
            if (item.isContainerNode()) {
                return true;
            }
        }
        return false;
    }

    private static String value(JsonNode node) {
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            node.forEach(item -> items.add(item.isTextual() ? item.textValue() : item.toString()));
            return String.join(", ", items);
        }
        if (node.isBoolean()) {
            return node.booleanValue() ? "yes" : "no";
        }
        return node.isTextual() ? node.textValue() : node.toString();
    }

    /** "Allegation: narrative"; the first part capitalised, the rest lower case. */
    private static String label(List<String> parts) {
        if (parts.isEmpty()) {
            return "";
        }
        String joined = String.join(": ", parts);
        return Character.toUpperCase(joined.charAt(0)) + joined.substring(1);
    }

    /** "harmTestLimbs" as "harm test limbs", "nhsNumber" as "nhs number". */
    static String words(String name) {
        return name.replaceAll("([a-z0-9])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
    }
}
