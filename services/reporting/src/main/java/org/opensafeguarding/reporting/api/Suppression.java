package org.opensafeguarding.reporting.api;

import org.opensafeguarding.reporting.ReportingProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Small-number suppression for tables marked for publication. Pseudonymised figures are still personal data: in a
 * small area "2 deaths of children aged 15-17 by suicide" can name a family.
 *
 * <ul>
 *   <li>primary: a count below the threshold is shown as {@code <N};</li>
 *   <li>secondary: where the parts of a published total have exactly one suppressed cell, the smallest other
 *       part is hidden too ({@code [c]}), within a row (parts of a total column) and down a breakdown (rows that
 *       add up to its {@code total} row), until no total can be used to work a hidden cell back;</li>
 *   <li>a measure (percentage, median) computed from a hidden count is hidden ({@code [c]}).</li>
 * </ul>
 */
@Component
public class Suppression {

    public static final String SECONDARY = "[c]";

    private final int threshold;

    public Suppression(ReportingProperties properties) {
        this.threshold = properties.suppressionThreshold();
    }

    public ReportTable apply(ReportTable table) {
        List<ReportTable.Column> columns = table.columns();
        int width = columns.size();
        List<Object[]> rows = new ArrayList<>();
        table.rows().forEach(r -> rows.add(r.toArray()));
        boolean[][] hidden = new boolean[rows.size()][width];
        String primary = "<" + threshold;
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                if (columns.get(c).kind() == ReportTable.Kind.COUNT && rows.get(r)[c] instanceof Number n
                        && n.longValue() < threshold) {
                    hidden[r][c] = true;
                    rows.get(r)[c] = primary;
                }
            }
        }
        boolean changed = true;
        for (int pass = 0; changed && pass < 20; pass++) {
            changed = withinRows(table, rows, hidden) | downBreakdowns(table, rows, hidden);
        }
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < width; c++) {
                ReportTable.Column column = columns.get(c);
                if (column.kind() == ReportTable.Kind.MEASURE && !hidden[r][c]) {
                    for (String source : column.dependsOn()) {
                        if (hidden[r][table.column(source)]) {
                            hidden[r][c] = true;
                            rows.get(r)[c] = SECONDARY;
                        }
                    }
                }
            }
        }
        List<List<Object>> out = new ArrayList<>();
        rows.forEach(r -> out.add(java.util.Arrays.asList(r)));
        return new ReportTable(table.name(), columns, out, table.groupBy(), table.notes())
                .note("suppression", "counts below " + threshold + " shown as " + primary + "; cells that would let "
                        + "them be worked back shown as " + SECONDARY);
    }

    private static boolean withinRows(ReportTable table, List<Object[]> rows, boolean[][] hidden) {
        Map<Integer, List<Integer>> partsByTotal = new HashMap<>();
        for (int c = 0; c < table.columns().size(); c++) {
            String total = table.columns().get(c).partOf();
            if (total != null) {
                partsByTotal.computeIfAbsent(table.column(total), k -> new ArrayList<>()).add(c);
            }
        }
        boolean changed = false;
        for (int r = 0; r < rows.size(); r++) {
            for (Map.Entry<Integer, List<Integer>> group : partsByTotal.entrySet()) {
                int row = r;
                changed |= hideSecond(rows, hidden, new int[]{r, group.getKey()},
                        group.getValue().stream().map(c -> new int[]{row, c}).toList());
            }
        }
        return changed;
    }

    private static boolean downBreakdowns(ReportTable table, List<Object[]> rows, boolean[][] hidden) {
        if (table.groupBy().isEmpty()) {
            return false;
        }
        List<Integer> keys = table.groupBy().stream().map(table::column).toList();
        int breakdown = -1;
        for (int c = 0; c < table.columns().size(); c++) {
            if (table.columns().get(c).kind() == ReportTable.Kind.KEY && !keys.contains(c)) {
                breakdown = c;
            }
        }
        if (breakdown < 0) {
            return false;
        }
        Map<List<Object>, List<Integer>> groups = new HashMap<>();
        for (int r = 0; r < rows.size(); r++) {
            Object[] row = rows.get(r);
            groups.computeIfAbsent(keys.stream().map(k -> row[k]).toList(), k -> new ArrayList<>()).add(r);
        }
        boolean changed = false;
        for (List<Integer> group : groups.values()) {
            int finalBreakdown = breakdown;
            Integer totalRow = group.stream().filter(r -> ReportTable.TOTAL.equals(rows.get(r)[finalBreakdown]))
                    .findFirst().orElse(null);
            if (totalRow == null) {
                continue;
            }
            for (int c = 0; c < table.columns().size(); c++) {
                if (table.columns().get(c).kind() != ReportTable.Kind.COUNT) {
                    continue;
                }
                int col = c;
                changed |= hideSecond(rows, hidden, new int[]{totalRow, c},
                        group.stream().filter(r -> !r.equals(totalRow)).map(r -> new int[]{r, col}).toList());
            }
        }
        return changed;
    }

    /** If exactly one part is hidden and the total is shown, hide the smallest shown part (or the total) as well. */
    private static boolean hideSecond(List<Object[]> rows, boolean[][] hidden, int[] total, List<int[]> parts) {
        if (hidden[total[0]][total[1]]) {
            return false;
        }
        long hiddenParts = parts.stream().filter(p -> hidden[p[0]][p[1]]).count();
        if (hiddenParts != 1) {
            return false;
        }
        int[] smallest = null;
        long smallestValue = Long.MAX_VALUE;
        for (int[] p : parts) {
            if (!hidden[p[0]][p[1]] && rows.get(p[0])[p[1]] instanceof Number n && n.longValue() < smallestValue) {
                smallest = p;
                smallestValue = n.longValue();
            }
        }
        if (smallest == null) {
            // the hidden cell is the only part: the total would give it away
            smallest = total;
        }
        hidden[smallest[0]][smallest[1]] = true;
        rows.get(smallest[0])[smallest[1]] = SECONDARY;
        return true;
    }
}
