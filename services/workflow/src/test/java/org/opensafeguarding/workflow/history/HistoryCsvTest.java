package org.opensafeguarding.workflow.history;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The file-level checks, before any cell is judged: encoding, CSV syntax, header, field count, line numbers. */
class HistoryCsvTest {

    private static final List<Column> COLUMNS = List.of(HistoryFormat.SOURCE_REFERENCE, HistoryFormat.TENANT,
            Column.optional("note_date", Column.Type.DATE, "a date"));

    private static HistoryCsv.Parsed parse(String text) {
        return HistoryCsv.parse(text.getBytes(StandardCharsets.UTF_8), COLUMNS);
    }

    private static List<String> faults(HistoryCsv.Parsed parsed) {
        return parsed.violations().stream().map(v -> v.line() + " " + v.column() + " " + v.rule()).toList();
    }

    @Test
    void recordsCarryTheLineTheyStartOnEvenAfterBlankLinesAndQuotedCommas() {
        HistoryCsv.Parsed parsed = parse("\uFEFFtenant,source_reference\r\ndefault,A-1\r\n\r\n\"default\",\"B,2\"\n");
        assertThat(parsed.violations()).isEmpty();
        assertThat(parsed.rows()).extracting(HistoryCsv.Row::line).containsExactly(2L, 4L);
        assertThat(parsed.rows().get(1).values()).containsEntry("source_reference", "B,2").containsEntry("tenant", "default");
    }

    @Test
    void theHeaderMustNameKnownColumnsOnceAndEveryRequiredOne() {
        assertThat(faults(parse("tenant,tenant,Child Name\r\ndefault,default,x\r\n"))).containsExactlyInAnyOrder(
                "1 tenant duplicate-column", "1  unknown-column", "1 source_reference missing-column");
    }

    @Test
    void aRecordWithTheWrongNumberOfFieldsOrAControlCharacterIsNamed() {
        assertThat(faults(parse("source_reference,tenant\r\nA-1,default,extra\r\n\"B-\n2\",default\r\nC-3,def\u0000ault\r\n")))
                .containsExactly("2  field-count", "3 source_reference no-control-characters",
                        "5 tenant no-control-characters");
    }

    @Test
    void malformedUtf8IsRefusedOnItsLineNeverReplaced() {
        byte[] head = "source_reference,tenant\r\nA-1,default\r\nB-".getBytes(StandardCharsets.UTF_8);
        byte[] overlong = {(byte) 0xC0, (byte) 0xAF};
        byte[] tail = ",default\r\n".getBytes(StandardCharsets.UTF_8);
        byte[] file = new byte[head.length + overlong.length + tail.length];
        System.arraycopy(head, 0, file, 0, head.length);
        System.arraycopy(overlong, 0, file, head.length, overlong.length);
        System.arraycopy(tail, 0, file, head.length + overlong.length, tail.length);
        HistoryCsv.Parsed parsed = HistoryCsv.parse(file, COLUMNS);
        assertThat(faults(parsed)).containsExactly("3  utf-8");
        assertThat(parsed.rows()).isEmpty();
    }

    @Test
    void brokenQuotingStopsTheFileAtItsLine() {
        assertThat(faults(parse("source_reference,tenant\r\nA-1,default\r\n\"B-2\"x,default\r\n")))
                .containsExactly("3  csv-syntax");
    }

    @Test
    void anEmptyFileOrAHeaderAloneIsRefused() {
        assertThat(faults(parse(""))).containsExactly("0  header");
        assertThat(faults(parse("source_reference,tenant\r\n"))).containsExactly("0  no-rows");
    }
}
