package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camunda.client.protocol.rest.SearchQueryPageResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.VariableRecord;

/**
 * Camunda's search request shape applied to result objects: {@code filter} fields are matched against the
 * result's JSON fields of the same name, as plain values or as {@code $eq/$neq/$in/$notIn/$exists/$like/$gt..}
 * objects; {@code sort} is a list of {field, order}; {@code page} has from/limit or after/before cursors.
 * Filtering the serialised results keeps filter names and response names from drifting apart.
 */
final class SearchQuery {

    /** Filter fields whose values are matched against a list field of the result. */
    private static final Map<String, String> LIST_FIELDS = Map.of(
            "candidateGroup", "candidateGroups",
            "candidateUser", "candidateUsers");
    /** Variable-value filters; the controllers apply them on the processing thread, where variables are. */
    private static final Set<String> VARIABLE_FILTERS = Set.of("variables", "processInstanceVariables",
            "localVariables");

    private final ObjectMapper json;
    private final JsonNode request;

    SearchQuery(ObjectMapper json, JsonNode request) {
        this.json = json;
        this.request = request == null || request.isNull() ? json.createObjectNode() : request;
    }

    record Page<T>(List<T> items, SearchQueryPageResponse page) {
    }

    /**
     * The process instance key the filter pins down (plain value or $eq), or null. Searches run on the
     * processing thread, so they use it to skip other instances' records before building any result object.
     */
    Long processInstanceKey() {
        JsonNode value = request.path("filter").path("processInstanceKey");
        if (value.isObject()) {
            value = value.path("$eq");
        }
        if (value.isMissingNode() || value.isNull() || value.isContainerNode()) {
            return null;
        }
        try {
            return Long.parseLong(value.asText());
        } catch (NumberFormatException e) {
            throw EngineException.invalid("filter.processInstanceKey: expected a numeric key, but was '"
                    + value.asText() + "'");
        }
    }

    /**
     * Whether the variables of a scope satisfy the filter's list of {name, value} conditions under the given
     * filter field. Values are compared as JSON text, as Camunda reports them ("\"text\"", 42, true).
     */
    boolean variablesMatch(String filterField, Map<String, VariableRecord> variables) {
        JsonNode conditions = request.path("filter").path(filterField);
        if (!conditions.isArray() || conditions.isEmpty()) {
            return true;
        }
        for (JsonNode condition : conditions) {
            String name = condition.path("name").asText(null);
            if (name == null) {
                throw EngineException.invalid("filter." + filterField + ".name: expected a variable name");
            }
            VariableRecord variable = variables.get(name);
            if (variable == null) {
                return false;
            }
            JsonNode expected = condition.get("value");
            if (expected == null || expected.isNull()) {
                continue;
            }
            if (!valueMatches(TextNode.valueOf(variable.value), expected, "filter." + filterField + ".value")
                    && !valueMatches(unquoted(variable.value), expected, "filter." + filterField + ".value")) {
                return false;
            }
        }
        return true;
    }

    private JsonNode unquoted(String jsonText) {
        try {
            JsonNode parsed = json.readTree(jsonText);
            return parsed.isTextual() ? parsed : TextNode.valueOf(jsonText);
        } catch (java.io.IOException e) {
            return TextNode.valueOf(jsonText);
        }
    }

    static boolean wanted(Long processInstanceKey, long candidate) {
        return processInstanceKey == null || processInstanceKey == candidate;
    }

    <T> Page<T> apply(List<T> candidates) {
        List<Entry<T>> matching = new ArrayList<>();
        JsonNode filter = request.path("filter");
        for (T candidate : candidates) {
            ObjectNode node = json.valueToTree(candidate);
            if (matches(node, filter)) {
                matching.add(new Entry<>(candidate, node));
            }
        }
        sort(matching);
        int total = matching.size();
        JsonNode page = request.path("page");
        int limit = page.path("limit").asInt(100);
        if (limit < 0) {
            throw EngineException.invalid("page.limit: expected a non-negative number, but was " + limit);
        }
        int from = page.path("from").asInt(0);
        if (page.hasNonNull("after")) {
            from = decodeCursor(page.get("after").asText(), "page.after") + 1;
        } else if (page.hasNonNull("before")) {
            int before = decodeCursor(page.get("before").asText(), "page.before");
            from = Math.max(0, before - limit);
            limit = Math.min(limit, before);
        }
        int end = Math.min(total, from + limit);
        List<T> items = new ArrayList<>();
        for (int i = Math.max(0, from); i < end; i++) {
            items.add(matching.get(i).value());
        }
        SearchQueryPageResponse response = new SearchQueryPageResponse()
                .totalItems((long) total)
                .hasMoreTotalItems(false)
                .startCursor(items.isEmpty() ? null : encodeCursor(from))
                .endCursor(items.isEmpty() ? null : encodeCursor(end - 1));
        return new Page<>(items, response);
    }

    private record Entry<T>(T value, ObjectNode node) {
    }

    private boolean matches(ObjectNode item, JsonNode filter) {
        if (!filter.isObject()) {
            return true;
        }
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            if (field.getValue().isNull() || (field.getValue().isContainerNode() && field.getValue().isEmpty())) {
                continue;
            }
            if ("$or".equals(field.getKey())) {
                if (!anyFilterMatches(item, field.getValue())) {
                    return false;
                }
                continue;
            }
            if (VARIABLE_FILTERS.contains(field.getKey())) {
                continue;
            }
            String listField = LIST_FIELDS.get(field.getKey());
            if (listField != null) {
                if (!listContains(item.path(listField), field.getValue())) {
                    return false;
                }
                continue;
            }
            if (!valueMatches(item.get(field.getKey()), field.getValue(), "filter." + field.getKey())) {
                return false;
            }
        }
        return true;
    }

    private boolean anyFilterMatches(ObjectNode item, JsonNode alternatives) {
        for (JsonNode alternative : alternatives) {
            if (matches(item, alternative)) {
                return true;
            }
        }
        return false;
    }

    private boolean listContains(JsonNode list, JsonNode condition) {
        for (JsonNode element : list) {
            if (valueMatches(element, condition, "filter")) {
                return true;
            }
        }
        return false;
    }

    private boolean valueMatches(JsonNode actual, JsonNode condition, String field) {
        if (!condition.isObject()) {
            return equal(actual, condition);
        }
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            JsonNode operand = operator.getValue();
            if (operand == null || operand.isNull() || (operand.isArray() && operand.isEmpty())) {
                // the client sends every operator, unset ones as null or []: they constrain nothing
                continue;
            }
            boolean ok = switch (operator.getKey()) {
                case "$eq" -> equal(actual, operand);
                case "$neq" -> !equal(actual, operand);
                case "$exists" -> operand.asBoolean() == (actual != null && !actual.isNull());
                case "$in" -> anyEqual(actual, operand);
                case "$notIn" -> !anyEqual(actual, operand);
                case "$like" -> actual != null && !actual.isNull() && like(actual.asText(), operand.asText());
                case "$gt" -> compare(actual, operand) > 0;
                case "$gte" -> compare(actual, operand) >= 0;
                case "$lt" -> compare(actual, operand) < 0;
                case "$lte" -> compare(actual, operand) <= 0;
                default -> throw EngineException.invalid(field + ": unknown operator '" + operator.getKey() + "'");
            };
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean equal(JsonNode actual, JsonNode expected) {
        if (actual == null || actual.isNull()) {
            return expected == null || expected.isNull();
        }
        if (actual.isNumber() && expected.isNumber()) {
            return actual.decimalValue().compareTo(expected.decimalValue()) == 0;
        }
        return actual.asText().equals(expected.asText());
    }

    private static boolean anyEqual(JsonNode actual, JsonNode candidates) {
        for (JsonNode candidate : candidates) {
            if (equal(actual, candidate)) {
                return true;
            }
        }
        return false;
    }

    private static boolean like(String value, String pattern) {
        StringBuilder regex = new StringBuilder();
        for (char c : pattern.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(java.util.regex.Pattern.quote(String.valueOf(c)));
            }
        }
        return value.matches(regex.toString());
    }

    private static int compare(JsonNode actual, JsonNode operand) {
        if (actual == null || actual.isNull()) {
            return Integer.MIN_VALUE;
        }
        if (actual.isNumber() && operand.isNumber()) {
            return actual.decimalValue().compareTo(operand.decimalValue());
        }
        try {
            return OffsetDateTime.parse(actual.asText()).compareTo(OffsetDateTime.parse(operand.asText()));
        } catch (RuntimeException notDates) {
            try {
                return Long.compare(Long.parseLong(actual.asText()), Long.parseLong(operand.asText()));
            } catch (NumberFormatException notNumbers) {
                return actual.asText().compareTo(operand.asText());
            }
        }
    }

    private <T> void sort(List<Entry<T>> entries) {
        JsonNode sort = request.path("sort");
        if (!sort.isArray() || sort.isEmpty()) {
            return;
        }
        Comparator<Entry<T>> comparator = null;
        for (JsonNode criterion : sort) {
            String field = criterion.path("field").asText(null);
            if (field == null) {
                throw EngineException.invalid("sort.field: expected a field name");
            }
            boolean descending = "DESC".equalsIgnoreCase(criterion.path("order").asText("ASC"));
            Comparator<Entry<T>> next = (a, b) -> compareForSort(a.node().get(field), b.node().get(field));
            if (descending) {
                next = next.reversed();
            }
            comparator = comparator == null ? next : comparator.thenComparing(next);
        }
        entries.sort(comparator);
    }

    private static int compareForSort(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return aNull == bNull ? 0 : aNull ? 1 : -1;
        }
        if (a.getNodeType() == JsonNodeType.NUMBER && b.getNodeType() == JsonNodeType.NUMBER) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (a.asText().matches("-?\\d{1,18}") && b.asText().matches("-?\\d{1,18}")) {
            return Long.compare(Long.parseLong(a.asText()), Long.parseLong(b.asText()));
        }
        return a.asText().compareTo(b.asText());
    }

    private static String encodeCursor(int index) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("i:" + index).getBytes(StandardCharsets.UTF_8));
    }

    private static int decodeCursor(String cursor, String field) {
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            return Integer.parseInt(decoded.substring(2));
        } catch (RuntimeException e) {
            throw EngineException.invalid(field + ": not a cursor returned by this engine: '" + cursor + "'");
        }
    }
}
