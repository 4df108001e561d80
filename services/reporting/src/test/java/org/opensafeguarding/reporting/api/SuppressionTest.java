package org.opensafeguarding.reporting.api;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.reporting.ReportingProperties;

import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class SuppressionTest {

    private final Suppression suppression = new Suppression(new ReportingProperties(Duration.ofMinutes(15), 2, 5,
            List.of(), "--04-01", Duration.ofSeconds(1), 2, 10_000));

    @Test
    void aSmallCellInABreakdownTakesTheNextSmallestWithItSoTheTotalCannotGiveItAway() {
        ReportTable table = ReportTable.of("t", List.of(ReportTable.Column.key("metric"),
                ReportTable.Column.key("breakdown"), ReportTable.Column.count("count"),
                ReportTable.Column.measure("percent", "count")), List.of(
                row("m", "a", 10L, 50.0), row("m", "b", 3L, 15.0), row("m", "c", 7L, 35.0),
                row("m", ReportTable.TOTAL, 20L, 100.0))).groupedBy("metric");

        List<List<Object>> rows = suppression.apply(table).rows();

        assertThat(rows).extracting(r -> r.get(2)).containsExactly(10L, "<5", "[c]", 20L);
        assertThat(rows).extracting(r -> r.get(3)).containsExactly(50.0, "[c]", "[c]", 100.0);
    }

    @Test
    void aSmallPartOfARowTotalTakesTheSmallestOtherPartWithIt() {
        ReportTable table = ReportTable.of("t", List.of(ReportTable.Column.key("team"),
                ReportTable.Column.part("green", "live"), ReportTable.Column.part("amber", "live"),
                ReportTable.Column.part("red", "live"), ReportTable.Column.count("live")),
                List.of(row("LADO", 6L, 2L, 9L, 17L), row("CDOP", 8L, 6L, 7L, 21L), row("REVIEW", 1L, 1L, 2L, 4L)));

        List<List<Object>> rows = suppression.apply(table).rows();

        assertThat(rows.get(0)).containsExactly("LADO", "[c]", "<5", 9L, 17L);
        assertThat(rows.get(1)).containsExactly("CDOP", 8L, 6L, 7L, 21L);
        assertThat(rows.get(2)).containsExactly("REVIEW", "<5", "<5", "<5", "<5");
    }

    @Test
    void theOnlyPartOfATotalHidesTheTotal() {
        ReportTable table = ReportTable.of("t", List.of(ReportTable.Column.key("metric"),
                ReportTable.Column.key("breakdown"), ReportTable.Column.count("count")),
                List.of(row("m", "a", 3L), row("m", ReportTable.TOTAL, 9L))).groupedBy("metric");

        assertThat(suppression.apply(table).rows()).extracting(r -> r.get(2)).containsExactly("<5", "[c]");
    }

    private static List<Object> row(Object... cells) {
        return Arrays.asList(cells);
    }
}
