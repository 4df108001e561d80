package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.camunda.client.protocol.rest.SearchQueryPageResponse;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.opensafeguarding.engine.processing.EngineException;
import org.opensafeguarding.engine.state.VariableRecord;
import org.opensafeguarding.engine.store.HistoryStore;

/**
 * Camunda's search request shape applied to result objects: {@code filter} fields are matched against the
 * result's JSON fields of the same name, as plain values or as {@code $eq/$neq/$in/$notIn/$exists/$like/$gt..}
 * objects; {@code sort} is a list of {field, order}; {@code page} has limit with after/before cursors, or from.
 * Filtering the serialised results keeps filter names and response names from drifting apart.
 *
 * <p>The request is checked and compiled once, when it arrives (like-patterns become one regex each), so matching
 * a candidate is cheap and a bad request fails before anything is read. Searches over open and ended records
 * ({@link #keyset}) merge the open results the processing thread collected with rows of the history table in key
 * order; the cursor names the last key returned, so the next page starts right after it and nothing is scanned
 * twice.
 */
final class SearchQuery {

    static final int DEFAULT_PAGE_SIZE = 100;
    /** The largest page a search returns, as Camunda's REST API documents it. */
    static final int MAX_PAGE_SIZE = 10_000;
    /** from + limit may reach this far; deeper pages are read with the after cursor. */
    static final int MAX_OFFSET_WINDOW = 10_000;
    /** totalItems counts this far; beyond it hasMoreTotalItems is true, as Camunda reports large results. */
    static final int COUNT_CAP = 10_000;
    /** A sort that does not follow key order is done in memory, over at most this many ended records. */
    static final int SORT_CAP = 10_000;
    private static final int HISTORY_CHUNK = 500;

    /** Filter fields whose values are matched against a list field of the result. */
    private static final Map<String, String> LIST_FIELDS = Map.of(
            "candidateGroup", "candidateGroups",
            "candidateUser", "candidateUsers");
    /** Variable-value filters; the controllers apply them on the processing thread, where variables are. */
    private static final Set<String> VARIABLE_FILTERS = Set.of("variables", "processInstanceVariables",
            "localVariables");

    private final ObjectMapper json;
    private final JsonNode request;
    private final Predicate<JsonNode> filter;
    /** Top-level equality conditions, as containment documents the history table's index answers. */
    private final List<List<String>> containments = new ArrayList<>();
    /** False when some condition is checked only in Java (then counts read rows instead of asking the index). */
    private boolean filterPushedDown = true;
    private final Map<String, List<VariableCondition>> variableFilters = new LinkedHashMap<>();
    /** Every top-level filter field that constrains something (null and empty conditions do not). */
    private final Set<String> conditionFields = new HashSet<>();
    /** Top-level fields whose only condition is equality with a text (plain value or $eq), with that text. */
    private final Map<String, String> pins = new HashMap<>();
    private final List<SortCriterion> sort = new ArrayList<>();
    private final int limit;
    private final int from;
    private final String after;
    private final String before;
    private final Long processInstanceKey;

    SearchQuery(ObjectMapper json, JsonNode request) {
        this.json = json;
        this.request = request == null || request.isNull() ? json.createObjectNode() : request;
        JsonNode filterNode = this.request.path("filter");
        this.processInstanceKey = pinnedProcessInstanceKey();
        this.filter = compileFilter(filterNode, true);
        for (String field : VARIABLE_FILTERS) {
            List<VariableCondition> conditions = compileVariables(field, filterNode.path(field));
            if (!conditions.isEmpty()) {
                variableFilters.put(field, conditions);
            }
        }
        compileSort(this.request.path("sort"));
        JsonNode page = this.request.path("page");
        this.limit = intField(page, "limit", DEFAULT_PAGE_SIZE);
        if (limit < 0 || limit > MAX_PAGE_SIZE) {
            throw EngineException.invalid("page.limit: expected a number from 0 to " + MAX_PAGE_SIZE
                    + ", but was " + limit + "; read further pages with page.after");
        }
        this.from = intField(page, "from", 0);
        if (from < 0 || from + (long) limit > MAX_OFFSET_WINDOW) {
            throw EngineException.invalid("page.from: expected from + limit to be at most " + MAX_OFFSET_WINDOW
                    + ", but was " + from + " + " + limit + "; read further pages with page.after");
        }
        this.after = page.hasNonNull("after") ? page.get("after").asText() : null;
        this.before = page.hasNonNull("before") ? page.get("before").asText() : null;
    }

    record Page<T>(List<T> items, SearchQueryPageResponse page) {
    }

    private static int intField(JsonNode page, String field, int fallback) {
        JsonNode value = page.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.canConvertToInt()) {
            throw EngineException.invalid("page." + field + ": expected a whole number, but was '"
                    + value.asText() + "'");
        }
        return value.asInt();
    }

    /**
     * The process instance key the filter pins down (plain value or $eq), or null. Searches use it to skip other
     * instances' records before building any result object.
     */
    Long processInstanceKey() {
        return processInstanceKey;
    }

    private Long pinnedProcessInstanceKey() {
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

    static boolean wanted(Long processInstanceKey, long candidate) {
        return processInstanceKey == null || processInstanceKey == candidate;
    }

    // ------------------------------------------------------------------ variables

    private record VariableCondition(String name, Predicate<JsonNode> value) {
    }

    private List<VariableCondition> compileVariables(String filterField, JsonNode conditions) {
        List<VariableCondition> compiled = new ArrayList<>();
        if (!conditions.isArray()) {
            return compiled;
        }
        for (JsonNode condition : conditions) {
            String name = condition.path("name").asText(null);
            if (name == null) {
                throw EngineException.invalid("filter." + filterField + ".name: expected a variable name");
            }
            JsonNode expected = condition.get("value");
            Predicate<JsonNode> value = expected == null || expected.isNull() ? v -> true
                    : compileCondition(expected, "filter." + filterField + ".value");
            compiled.add(new VariableCondition(name, value));
        }
        return compiled;
    }

    /**
     * Whether the variables of a scope satisfy the filter's list of {name, value} conditions under the given
     * filter field. Values are compared as JSON text, as Camunda reports them ("\"text\"", 42, true).
     */
    boolean variablesMatch(String filterField, Map<String, VariableRecord> variables) {
        List<VariableCondition> conditions = variableFilters.get(filterField);
        if (conditions == null) {
            return true;
        }
        for (VariableCondition condition : conditions) {
            VariableRecord variable = variables.get(condition.name());
            if (variable == null) {
                return false;
            }
            if (!condition.value().test(TextNode.valueOf(variable.value))
                    && !condition.value().test(unquoted(variable.value))) {
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

    // ------------------------------------------------------------------ in-memory searches (no history)

    /** Filters, sorts and pages results held in memory only (definitions, subscriptions); index cursors. */
    <T> Page<T> apply(List<T> candidates) {
        List<Entry<T>> matching = new ArrayList<>();
        for (T candidate : candidates) {
            ObjectNode node = json.valueToTree(candidate);
            if (filter.test(node)) {
                matching.add(new Entry<>(0, candidate, node));
            }
        }
        if (!sort.isEmpty()) {
            matching.sort(comparator(false));
        }
        int total = matching.size();
        int start = from;
        int count = limit;
        if (after != null) {
            start = decodeIndex(after, "page.after") + 1;
        } else if (before != null) {
            int end = decodeIndex(before, "page.before");
            start = Math.max(0, end - limit);
            count = Math.min(limit, end);
        }
        int end = Math.min(total, start + count);
        List<T> items = new ArrayList<>();
        for (int i = Math.max(0, start); i < end; i++) {
            items.add(matching.get(i).value());
        }
        SearchQueryPageResponse response = new SearchQueryPageResponse()
                .totalItems((long) total)
                .hasMoreTotalItems(false)
                .startCursor(items.isEmpty() ? null : encode("i:" + start))
                .endCursor(items.isEmpty() ? null : encode("i:" + (end - 1)));
        return new Page<>(items, response);
    }

    // ------------------------------------------------------------------ open + history, keyset

    /**
     * What the processing thread hands over: the open results to filter and page, and, when they were read from an
     * index that answers the whole filter ({@link #answeredBy}), how many open records match in all (else null:
     * the results are all the candidates, and the matching ones are counted).
     */
    record Open<T>(List<T> results, Long total) {

        static <T> Open<T> all(List<T> results) {
            return new Open<>(results, null);
        }
    }

    /** The text a top-level filter field must equal when that is all the filter asks of it, or null. */
    String pinned(String field) {
        return pins.get(field);
    }

    /**
     * True when an index over {@code fields} answers the open part of this search by itself: the filter pins those
     * fields at most (by equality), asks nothing of variables, and results come in key order. Then only a page of
     * open results needs building ({@link #keyWindow}) and the index's size is their count.
     */
    boolean answeredBy(SearchKind kind, Set<String> fields) {
        return variableFilters.isEmpty() && fields.containsAll(conditionFields)
                && pins.keySet().containsAll(conditionFields) && keyOrdered(kind);
    }

    private boolean keyOrdered(SearchKind kind) {
        return sort.isEmpty() || kind.keyOrderedFields.contains(sort.get(0).field());
    }

    /**
     * The keys a key-ordered page can take from the open records: the first from + limit of them after the cursor,
     * in the page's direction (the merge with history takes what it needs from these).
     */
    List<Long> keyWindow(NavigableSet<Long> keys) {
        PageDirection direction = pageDirection();
        NavigableSet<Long> ordered = direction.reversed() ? keys.descendingSet() : keys;
        if (direction.boundary() != null) {
            ordered = ordered.tailSet(direction.boundary(), false);
        }
        int need = from + limit;
        List<Long> window = new ArrayList<>(Math.min(need, 1024));
        for (Long key : ordered) {
            if (window.size() >= need) {
                break;
            }
            window.add(key);
        }
        return window;
    }

    /**
     * Where a key-ordered page starts and which way it walks: descending sort, or a before cursor (which reads
     * backwards from the cursor and is reversed afterwards), or both (which cancel out).
     */
    private record PageDirection(Long boundary, boolean reversed, boolean backwards) {
    }

    private PageDirection pageDirection() {
        boolean descending = !sort.isEmpty() && sort.get(0).descending();
        boolean backwards = after == null && before != null;
        Long boundary = after != null ? Long.valueOf(decodeKey(after, "page.after"))
                : before != null ? Long.valueOf(decodeKey(before, "page.before")) : null;
        return new PageDirection(boundary, descending != backwards, backwards);
    }

    /** A matching result: its record key, the object (null for a history row until needed) and its JSON. */
    private record Entry<T>(long key, T value, JsonNode node) {
    }

    /**
     * One page over the open results (collected on the processing thread, already narrowed by the pinned instance
     * and variable filters) and the ended records of the history table. Runs on a request thread.
     */
    <T> Page<T> keyset(SearchKind kind, Class<T> type, Open<T> open, HistoryStore history) {
        List<Entry<T>> openMatches = new ArrayList<>();
        for (T candidate : open.results()) {
            ObjectNode node = json.valueToTree(candidate);
            if (filter.test(node)) {
                openMatches.add(new Entry<>(keyOf(node, kind), candidate, node));
            }
        }
        HistoryStore.Query query = new HistoryStore.Query(kind.recordKind, processInstanceKey, containments,
                kind == SearchKind.ELEMENT_INSTANCE);
        boolean keyOrdered = sort.isEmpty() || kind.keyOrderedFields.contains(sort.get(0).field());
        List<Entry<T>> items = keyOrdered
                ? keyOrderedPage(kind, openMatches, history, query)
                : sortedPage(kind, openMatches, history, query);
        long[] historyCount = countHistory(kind, history, query);
        long total = (open.total() != null ? open.total() : openMatches.size()) + historyCount[0];
        boolean more = historyCount[1] == 1;
        List<T> values = new ArrayList<>(items.size());
        for (Entry<T> entry : items) {
            values.add(entry.value() != null ? entry.value() : convert(entry.node(), type));
        }
        SearchQueryPageResponse response = new SearchQueryPageResponse()
                .totalItems(total)
                .hasMoreTotalItems(more)
                .startCursor(items.isEmpty() ? null : cursorOf(items.get(0), keyOrdered))
                .endCursor(items.isEmpty() ? null : cursorOf(items.get(items.size() - 1), keyOrdered));
        return new Page<>(values, response);
    }

    private <T> List<Entry<T>> keyOrderedPage(SearchKind kind, List<Entry<T>> openMatches, HistoryStore history,
                                              HistoryStore.Query query) {
        PageDirection walk = pageDirection();
        boolean backwards = walk.backwards();
        boolean direction = walk.reversed();
        Long boundary = walk.boundary();
        Comparator<Entry<T>> byKey = Comparator.comparingLong(Entry::key);
        if (direction) {
            byKey = byKey.reversed();
        }
        List<Entry<T>> openPart = new ArrayList<>();
        for (Entry<T> entry : openMatches) {
            if (boundary == null || (direction ? entry.key() < boundary : entry.key() > boundary)) {
                openPart.add(entry);
            }
        }
        openPart.sort(byKey);
        int need = from + limit;
        List<Entry<T>> historyPart = this.<T>historyMatches(kind, history, query, boundary, direction, need,
                Integer.MAX_VALUE).entries();
        List<Entry<T>> merged = new ArrayList<>(Math.min(need, openPart.size() + historyPart.size()));
        int o = 0;
        int h = 0;
        while (merged.size() < need && (o < openPart.size() || h < historyPart.size())) {
            if (h >= historyPart.size()) {
                merged.add(openPart.get(o++));
            } else if (o >= openPart.size()) {
                merged.add(historyPart.get(h++));
            } else {
                int order = byKey.compare(openPart.get(o), historyPart.get(h));
                if (order == 0) {
                    // archived while this search ran: the history row is the newer copy
                    o++;
                    merged.add(historyPart.get(h++));
                } else {
                    merged.add(order < 0 ? openPart.get(o++) : historyPart.get(h++));
                }
            }
        }
        List<Entry<T>> page = new ArrayList<>(merged.subList(Math.min(from, merged.size()), merged.size()));
        if (backwards) {
            Collections.reverse(page);
        }
        return page;
    }

    private <T> List<Entry<T>> sortedPage(SearchKind kind, List<Entry<T>> openMatches, HistoryStore history,
                                          HistoryStore.Query query) {
        HistoryMatches<T> ended = this.<T>historyMatches(kind, history, query, null, false, SORT_CAP + 1, Integer.MAX_VALUE);
        if (ended.entries().size() > SORT_CAP) {
            throw EngineException.invalid("sort.field: sorting by '" + sort.get(0).field() + "' is done over at most "
                    + SORT_CAP + " ended records, and more match; narrow the filter or sort by "
                    + String.join(" or ", new java.util.TreeSet<>(kind.keyOrderedFields)));
        }
        Map<Long, Entry<T>> byKey = new LinkedHashMap<>();
        openMatches.forEach(entry -> byKey.put(entry.key(), entry));
        ended.entries().forEach(entry -> byKey.put(entry.key(), entry));
        List<Entry<T>> all = new ArrayList<>(byKey.values());
        Comparator<Entry<T>> order = comparator(true);
        all.sort(order);
        List<Entry<T>> window = all;
        if (after != null) {
            Entry<T> mark = decodeSortCursor(after, "page.after");
            window = all.stream().filter(e -> order.compare(e, mark) > 0).toList();
        } else if (before != null) {
            Entry<T> mark = decodeSortCursor(before, "page.before");
            List<Entry<T>> earlier = all.stream().filter(e -> order.compare(e, mark) < 0).toList();
            return new ArrayList<>(earlier.subList(Math.max(0, earlier.size() - limit), earlier.size()));
        }
        int start = Math.min(from, window.size());
        return new ArrayList<>(window.subList(start, Math.min(window.size(), start + limit)));
    }

    private record HistoryMatches<T>(List<Entry<T>> entries, boolean exhausted) {
    }

    /**
     * Reads the history table in key order from the boundary, chunk by chunk, until {@code need} rows match or
     * {@code rowCap} rows were read. Equality filters are answered by the table's index; the rest of the filter and
     * the variable filters are checked here, with one variable lookup per chunk.
     */
    private <T> HistoryMatches<T> historyMatches(SearchKind kind, HistoryStore history, HistoryStore.Query query,
                                                 Long boundary, boolean descending, int need, int rowCap) {
        List<Entry<T>> found = new ArrayList<>();
        if (need <= 0) {
            return new HistoryMatches<>(found, false);
        }
        Long cursor = boundary;
        int read = 0;
        while (true) {
            int chunk = Math.min(Math.max(need - found.size(), 50), HISTORY_CHUNK);
            chunk = Math.min(chunk, rowCap - read);
            if (chunk <= 0) {
                return new HistoryMatches<>(found, false);
            }
            List<HistoryStore.Hit> hits = history.page(query, cursor, descending, chunk);
            read += hits.size();
            List<JsonNode> nodes = new ArrayList<>(hits.size());
            for (HistoryStore.Hit hit : hits) {
                nodes.add(parse(hit.body()));
            }
            Map<String, Map<Long, Map<String, VariableRecord>>> variables = variablesOf(kind, nodes, history);
            for (int i = 0; i < hits.size() && found.size() < need; i++) {
                JsonNode node = nodes.get(i);
                if (filter.test(node) && historyVariablesMatch(kind, node, variables)) {
                    found.add(new Entry<>(hits.get(i).key(), null, node));
                }
            }
            if (hits.size() < chunk) {
                return new HistoryMatches<>(found, true);
            }
            if (found.size() >= need) {
                return new HistoryMatches<>(found, false);
            }
            cursor = hits.get(hits.size() - 1).key();
        }
    }

    /** [count, 1 if the count stopped at the cap]. */
    private long[] countHistory(SearchKind kind, HistoryStore history, HistoryStore.Query query) {
        if (filterPushedDown && variableFilters.isEmpty()) {
            long count = history.count(query, COUNT_CAP + 1L);
            return count > COUNT_CAP ? new long[] {COUNT_CAP, 1} : new long[] {count, 0};
        }
        HistoryMatches<Object> counted = this.<Object>historyMatches(kind, history, query, null, false, Integer.MAX_VALUE,
                COUNT_CAP);
        return new long[] {counted.entries().size(), counted.exhausted() ? 0 : 1};
    }

    private Map<String, Map<Long, Map<String, VariableRecord>>> variablesOf(SearchKind kind, List<JsonNode> nodes,
                                                                            HistoryStore history) {
        Map<String, Map<Long, Map<String, VariableRecord>>> result = new HashMap<>();
        if (variableFilters.isEmpty() || nodes.isEmpty()) {
            return result;
        }
        Set<Long> scopes = new HashSet<>();
        for (String field : variableFilters.keySet()) {
            String scopeField = kind.variableScopes.get(field);
            if (scopeField != null) {
                nodes.forEach(node -> scopes.add(Long.parseLong(node.path(scopeField).asText("0"))));
            }
        }
        Map<Long, Map<String, VariableRecord>> byScope = new HashMap<>();
        history.variablesOfScopes(scopes).forEach((scope, bodies) -> {
            Map<String, VariableRecord> named = new HashMap<>();
            for (String body : bodies) {
                JsonNode variable = parse(body);
                VariableRecord record = new VariableRecord();
                record.name = variable.path("name").asText();
                record.value = variable.path("value").asText();
                named.put(record.name, record);
            }
            byScope.put(scope, named);
        });
        result.put("scopes", byScope);
        return result;
    }

    private boolean historyVariablesMatch(SearchKind kind, JsonNode node,
                                          Map<String, Map<Long, Map<String, VariableRecord>>> variables) {
        for (String field : variableFilters.keySet()) {
            String scopeField = kind.variableScopes.get(field);
            if (scopeField == null) {
                continue;
            }
            long scope = Long.parseLong(node.path(scopeField).asText("0"));
            Map<String, VariableRecord> ofScope = variables.getOrDefault("scopes", Map.of())
                    .getOrDefault(scope, Map.of());
            if (!variablesMatch(field, ofScope)) {
                return false;
            }
        }
        return true;
    }

    private JsonNode parse(String body) {
        try {
            return json.readTree(body);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable engine history row", e);
        }
    }

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable engine history row", e);
        }
    }

    private static long keyOf(JsonNode node, SearchKind kind) {
        return Long.parseLong(node.path(kind.keyField).asText());
    }

    // ------------------------------------------------------------------ filter compilation

    private Predicate<JsonNode> compileFilter(JsonNode filter, boolean topLevel) {
        if (!filter.isObject()) {
            return node -> true;
        }
        List<Predicate<JsonNode>> parts = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = filter.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            String name = field.getKey();
            JsonNode value = field.getValue();
            if (value.isNull() || (value.isContainerNode() && value.isEmpty())) {
                continue;
            }
            if (topLevel) {
                conditionFields.add(name);
                String pinned = pinnedText(value);
                if (pinned != null) {
                    pins.put(name, pinned);
                }
            }
            if (VARIABLE_FILTERS.contains(name)) {
                continue;
            }
            if ("$or".equals(name)) {
                List<Predicate<JsonNode>> alternatives = new ArrayList<>();
                for (JsonNode alternative : value) {
                    alternatives.add(compileFilter(alternative, false));
                }
                parts.add(node -> alternatives.stream().anyMatch(p -> p.test(node)));
                if (topLevel) {
                    filterPushedDown = false;
                }
                continue;
            }
            String listField = LIST_FIELDS.get(name);
            if (listField != null) {
                Predicate<JsonNode> element = compileCondition(value, "filter." + name);
                parts.add(node -> {
                    for (JsonNode item : node.path(listField)) {
                        if (element.test(item)) {
                            return true;
                        }
                    }
                    return false;
                });
                if (topLevel) {
                    pushDown(listField, value, true);
                }
                continue;
            }
            Predicate<JsonNode> condition = compileCondition(value, "filter." + name);
            parts.add(node -> condition.test(node.get(name)));
            if (topLevel && !("processInstanceKey".equals(name) && processInstanceKey != null)) {
                pushDown(name, value, false);
            }
        }
        return node -> {
            for (Predicate<JsonNode> part : parts) {
                if (!part.test(node)) {
                    return false;
                }
            }
            return true;
        };
    }

    /** The client sends every operator of a condition, the unset ones as null or []: they constrain nothing. */
    private static boolean unset(JsonNode operand) {
        return operand == null || operand.isNull() || (operand.isArray() && operand.isEmpty());
    }

    /** The text a condition asks for when it is nothing but equality with a text, else null. */
    private static String pinnedText(JsonNode condition) {
        if (condition.isTextual()) {
            return condition.asText();
        }
        if (!condition.isObject()) {
            return null;
        }
        String text = null;
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            JsonNode operand = operator.getValue();
            if (unset(operand)) {
                continue;
            }
            if (!"$eq".equals(operator.getKey()) || !operand.isTextual()) {
                return null;
            }
            text = operand.asText();
        }
        return text;
    }

    /**
     * Records a plain or $eq value as a containment document for the history index; anything else is checked on
     * the rows read. Numbers match either type, since results carry keys as strings.
     */
    private void pushDown(String field, JsonNode condition, boolean list) {
        JsonNode value = condition;
        if (condition.isObject()) {
            value = null;
            Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
            while (operators.hasNext()) {
                Map.Entry<String, JsonNode> operator = operators.next();
                JsonNode operand = operator.getValue();
                if (unset(operand)) {
                    continue;
                }
                if ("$eq".equals(operator.getKey()) && operand.isValueNode()) {
                    value = operand;
                } else {
                    filterPushedDown = false;
                }
            }
            if (value == null) {
                return;
            }
        }
        if (!value.isValueNode()) {
            filterPushedDown = false;
            return;
        }
        List<String> alternatives = new ArrayList<>();
        alternatives.add(containment(field, value, list));
        if (value.isNumber()) {
            alternatives.add(containment(field, TextNode.valueOf(value.asText()), list));
        } else if (value.isTextual() && value.asText().matches("-?\\d{1,18}")) {
            alternatives.add(containment(field, json.getNodeFactory().numberNode(Long.parseLong(value.asText())),
                    list));
        }
        containments.add(alternatives);
    }

    private String containment(String field, JsonNode value, boolean list) {
        ObjectNode document = json.createObjectNode();
        if (list) {
            ArrayNode array = document.putArray(field);
            array.add(value);
        } else {
            document.set(field, value);
        }
        return document.toString();
    }

    private Predicate<JsonNode> compileCondition(JsonNode condition, String field) {
        if (!condition.isObject()) {
            return actual -> equal(actual, condition);
        }
        List<Predicate<JsonNode>> checks = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> operators = condition.fields();
        while (operators.hasNext()) {
            Map.Entry<String, JsonNode> operator = operators.next();
            JsonNode operand = operator.getValue();
            if (unset(operand)) {
                continue;
            }
            checks.add(switch (operator.getKey()) {
                case "$eq" -> actual -> equal(actual, operand);
                case "$neq" -> actual -> !equal(actual, operand);
                case "$exists" -> {
                    boolean exists = operand.asBoolean();
                    yield actual -> exists == (actual != null && !actual.isNull());
                }
                case "$in" -> actual -> anyEqual(actual, operand);
                case "$notIn" -> actual -> !anyEqual(actual, operand);
                case "$like" -> {
                    Pattern pattern = likePattern(operand.asText());
                    yield actual -> actual != null && !actual.isNull() && pattern.matcher(actual.asText()).matches();
                }
                case "$gt" -> actual -> compare(actual, operand) > 0;
                case "$gte" -> actual -> compare(actual, operand) >= 0;
                case "$lt" -> actual -> compare(actual, operand) < 0;
                case "$lte" -> actual -> compare(actual, operand) <= 0;
                default -> throw EngineException.invalid(field + ": unknown operator '" + operator.getKey() + "'");
            });
        }
        return actual -> {
            for (Predicate<JsonNode> check : checks) {
                if (!check.test(actual)) {
                    return false;
                }
            }
            return true;
        };
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

    private static Pattern likePattern(String like) {
        StringBuilder regex = new StringBuilder();
        for (char c : like.toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString(), Pattern.DOTALL);
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

    // ------------------------------------------------------------------ sorting and cursors

    private record SortCriterion(String field, boolean descending) {
    }

    private void compileSort(JsonNode sortNode) {
        if (!sortNode.isArray()) {
            return;
        }
        for (JsonNode criterion : sortNode) {
            String field = criterion.path("field").asText(null);
            if (field == null) {
                throw EngineException.invalid("sort.field: expected a field name");
            }
            sort.add(new SortCriterion(field, "DESC".equalsIgnoreCase(criterion.path("order").asText("ASC"))));
        }
    }

    /** The sort criteria, then (for a total order that cursors can name) the record key. */
    private <T> Comparator<Entry<T>> comparator(boolean thenByKey) {
        Comparator<Entry<T>> comparator = (a, b) -> 0;
        for (SortCriterion criterion : sort) {
            Comparator<Entry<T>> next = (a, b) -> compareForSort(a.node().get(criterion.field()),
                    b.node().get(criterion.field()));
            comparator = comparator.thenComparing(criterion.descending() ? next.reversed() : next);
        }
        return thenByKey ? comparator.thenComparingLong(Entry::key) : comparator;
    }

    private static final Pattern WHOLE_NUMBER = Pattern.compile("-?\\d{1,18}");

    private static int compareForSort(JsonNode a, JsonNode b) {
        boolean aNull = a == null || a.isNull();
        boolean bNull = b == null || b.isNull();
        if (aNull || bNull) {
            return aNull == bNull ? 0 : aNull ? 1 : -1;
        }
        if (a.getNodeType() == JsonNodeType.NUMBER && b.getNodeType() == JsonNodeType.NUMBER) {
            return a.decimalValue().compareTo(b.decimalValue());
        }
        if (WHOLE_NUMBER.matcher(a.asText()).matches() && WHOLE_NUMBER.matcher(b.asText()).matches()) {
            return Long.compare(Long.parseLong(a.asText()), Long.parseLong(b.asText()));
        }
        return a.asText().compareTo(b.asText());
    }

    private <T> String cursorOf(Entry<T> entry, boolean keyOrdered) {
        if (keyOrdered) {
            return encode("k:" + entry.key());
        }
        ArrayNode values = json.createArrayNode();
        for (SortCriterion criterion : sort) {
            JsonNode value = entry.node().get(criterion.field());
            values.add(value == null ? json.nullNode() : value);
        }
        values.add(entry.key());
        return encode("s:" + values);
    }

    private <T> Entry<T> decodeSortCursor(String cursor, String field) {
        String decoded = decode(cursor, field);
        try {
            if (!decoded.startsWith("s:")) {
                throw new IllegalArgumentException("not a sort cursor");
            }
            JsonNode values = json.readTree(decoded.substring(2));
            if (!values.isArray() || values.size() != sort.size() + 1) {
                throw new IllegalArgumentException("not this sort's cursor");
            }
            ObjectNode node = json.createObjectNode();
            for (int i = 0; i < sort.size(); i++) {
                node.set(sort.get(i).field(), values.get(i));
            }
            return new Entry<>(values.get(sort.size()).asLong(), null, node);
        } catch (java.io.IOException | RuntimeException e) {
            throw EngineException.invalid(field + ": not a cursor this engine returned for this sort: '"
                    + cursor + "'");
        }
    }

    private static long decodeKey(String cursor, String field) {
        return Long.parseLong(decodeTagged(cursor, field, "k:", 18, "this sort"));
    }

    private static int decodeIndex(String cursor, String field) {
        return Integer.parseInt(decodeTagged(cursor, field, "i:", 9, null));
    }

    /** The cursor's digits after its tag; anything else is the caller's mistake, named by field. */
    private static String decodeTagged(String cursor, String field, String tag, int maxDigits, String forWhat) {
        String decoded = decode(cursor, field);
        if (decoded.startsWith(tag) && decoded.length() > tag.length()
                && decoded.chars().skip(tag.length()).allMatch(Character::isDigit)
                && decoded.length() - tag.length() <= maxDigits) {
            return decoded.substring(tag.length());
        }
        throw EngineException.invalid(field + ": not a cursor " + (forWhat == null ? "returned by this engine"
                : "this engine returned for " + forWhat) + ": '" + cursor + "'");
    }

    private static String encode(String cursor) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(cursor.getBytes(StandardCharsets.UTF_8));
    }

    private static String decode(String cursor, String field) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (RuntimeException e) {
            throw EngineException.invalid(field + ": not a cursor returned by this engine: '" + cursor + "'");
        }
    }
}
