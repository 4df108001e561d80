package org.opensafeguarding.reporting.api;

import com.fasterxml.jackson.annotation.JsonValue;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every answer of the API is a table, so JSON and CSV say the same thing. Columns say what a cell is, which is
 * what small-number suppression needs to know: a count can identify someone, a measure derived from a small count
 * can too, a key cannot.
 *
 * @param groupBy  key columns whose rows add up to the row whose last key is {@code total} (a breakdown)
 * @param notes    for the reader: suppression applied, the period, the projection version
 */
public record ReportTable(String name, List<Column> columns, List<List<Object>> rows, List<String> groupBy,
                          Map<String, Object> notes) {

    public static final String TOTAL = "total";

    public enum Kind { KEY, COUNT, MEASURE }

    /**
     * @param partOf    a COUNT column this count is one part of, within the same row
     * @param dependsOn COUNT columns a MEASURE was computed from
     */
    public record Column(String name, Kind kind, String partOf, List<String> dependsOn) {

        public static Column key(String name) {
            return new Column(name, Kind.KEY, null, List.of());
        }

        public static Column count(String name) {
            return new Column(name, Kind.COUNT, null, List.of());
        }

        public static Column part(String name, String total) {
            return new Column(name, Kind.COUNT, total, List.of());
        }

        public static Column measure(String name, String... dependsOn) {
            return new Column(name, Kind.MEASURE, null, List.of(dependsOn));
        }
    }

    public static ReportTable of(String name, List<Column> columns, List<List<Object>> rows) {
        return new ReportTable(name, columns, rows, List.of(), new LinkedHashMap<>());
    }

    public ReportTable groupedBy(String... keys) {
        return new ReportTable(name, columns, rows, List.of(keys), notes);
    }

    public ReportTable note(String key, Object value) {
        Map<String, Object> more = new LinkedHashMap<>(notes);
        more.put(key, value);
        return new ReportTable(name, columns, rows, groupBy, more);
    }

    public int column(String columnName) {
        for (int i = 0; i < columns.size(); i++) {
            if (columns.get(i).name().equals(columnName)) {
                return i;
            }
        }
        throw new IllegalArgumentException(columnName);
    }

    public List<String> headers() {
        return columns.stream().map(Column::name).toList();
    }

    @JsonValue
    public Map<String, Object> json() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("table", name);
        out.putAll(notes);
        List<Map<String, Object>> objects = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Map<String, Object> o = new LinkedHashMap<>();
            for (int i = 0; i < columns.size(); i++) {
                o.put(columns.get(i).name(), row.get(i));
            }
            objects.add(o);
        }
        out.put("columns", headers());
        out.put("rows", objects);
        return out;
    }
}
