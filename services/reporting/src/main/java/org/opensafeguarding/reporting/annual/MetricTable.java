package org.opensafeguarding.reporting.annual;

import org.opensafeguarding.reporting.api.ReportTable;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Rows of an annual table: (metric, breakdown, count, base, percent, median, mean). A breakdown's rows come with a
 * {@code total} row, so suppression can protect them as a group.
 */
final class MetricTable {

    static final List<ReportTable.Column> COLUMNS = List.of(ReportTable.Column.key("metric"),
            ReportTable.Column.key("breakdown"), ReportTable.Column.count("count"), ReportTable.Column.count("base"),
            ReportTable.Column.measure("percent", "count", "base"), ReportTable.Column.measure("median", "count"),
            ReportTable.Column.measure("mean", "count"));

    private final List<List<Object>> rows = new ArrayList<>();

    void count(String metric, long count) {
        rows.add(Arrays.asList(metric, ReportTable.TOTAL, count, null, null, null, null));
    }

    /** A breakdown by code, with its total (which may exceed the sum when a case has several codes). */
    void breakdown(String metric, Map<String, Long> byCode, long total) {
        byCode.forEach((code, n) -> rows.add(Arrays.asList(metric, code == null ? "unknown" : code, n, null, null,
                null, null)));
        count(metric, total);
    }

    void rate(String metric, String breakdown, long count, long base) {
        rows.add(Arrays.asList(metric, breakdown, count, base, percent(count, base), null, null));
    }

    void distribution(String metric, List<? extends Number> values) {
        List<Double> sorted = values.stream().map(Number::doubleValue).sorted().toList();
        rows.add(Arrays.asList(metric, ReportTable.TOTAL, (long) sorted.size(), null, null, median(sorted),
                mean(sorted)));
    }

    ReportTable table(String name) {
        return ReportTable.of(name, COLUMNS, rows).groupedBy("metric");
    }

    static BigDecimal percent(long count, long base) {
        return base == 0 ? null : BigDecimal.valueOf(count * 100.0 / base).setScale(1, RoundingMode.HALF_UP);
    }

    static BigDecimal median(List<Double> sorted) {
        if (sorted.isEmpty()) {
            return null;
        }
        int n = sorted.size();
        double m = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        return BigDecimal.valueOf(m).setScale(1, RoundingMode.HALF_UP);
    }

    static BigDecimal mean(List<Double> sorted) {
        return sorted.isEmpty() ? null : BigDecimal.valueOf(sorted.stream().mapToDouble(d -> d).average().orElse(0))
                .setScale(1, RoundingMode.HALF_UP);
    }
}
