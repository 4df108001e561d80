package org.opensafeguarding.workflow.history;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Reads an import file: strict UTF-8 (a malformed byte is refused, never replaced), RFC 4180 CSV with a header row
 * naming the format's columns. Finds every structural fault (encoding, header, a record with the wrong number of
 * fields) before any cell is judged; the cells are {@link RowReader}'s business.
 */
final class HistoryCsv {

    /** Enough for many years of a large partnership's cases; a bigger history goes in several files. */
    static final int MAX_ROWS = 20_000;

    private static final CSVFormat FORMAT = CSVFormat.RFC4180.builder().setIgnoreEmptyLines(true).get();
    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");

    /** One record, by column name, with the line it starts on. */
    record Row(long line, Map<String, String> values) {
    }

    record Parsed(List<Row> rows, List<HistoryViolation> violations) {
    }

    private HistoryCsv() {
    }

    static Parsed parse(byte[] bytes, List<Column> columns) {
        List<HistoryViolation> violations = new ArrayList<>();
        String text = decode(bytes, violations);
        if (text == null) {
            return new Parsed(List.of(), violations);
        }
        if (text.startsWith("\uFEFF")) {
            // spreadsheets put a byte-order mark in front of UTF-8 CSV
            text = text.substring(1);
        }
        int[] lineStarts = lineStarts(text);
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), FORMAT)) {
            Iterator<CSVRecord> records = parser.iterator();
            List<String> header = null;
            while (true) {
                CSVRecord record;
                try {
                    if (!records.hasNext()) {
                        break;
                    }
                    record = records.next();
                } catch (UncheckedIOException | IllegalStateException malformed) {
                    // commons-csv stops at the first malformed quote: nothing after it can be read reliably
                    violations.add(new HistoryViolation(Math.max(1, parser.getCurrentLineNumber()), "", "csv-syntax",
                            "Not RFC 4180 CSV from here on: a quoted value must end with a quote followed by a comma or "
                                    + "the end of the line, and a quote inside it must be doubled."));
                    break;
                }
                long line = lineOf(lineStarts, startOf(text, record.getCharacterPosition()));
                if (header == null) {
                    header = record.toList();
                    if (!checkHeader(header, columns, line, violations)) {
                        return new Parsed(List.of(), violations);
                    }
                    continue;
                }
                if (rows.size() >= MAX_ROWS) {
                    violations.add(new HistoryViolation(line, "", "max-rows", "The file has more than " + MAX_ROWS
                            + " rows; split it into several files."));
                    break;
                }
                if (record.size() != header.size()) {
                    violations.add(new HistoryViolation(line, "", "field-count", "The record has " + record.size()
                            + " fields; the header has " + header.size() + "."));
                    continue;
                }
                Map<String, String> values = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) {
                    String value = record.get(i);
                    if (CONTROL.matcher(value).find()) {
                        violations.add(new HistoryViolation(line, header.get(i), "no-control-characters",
                                "The value contains a control character (NUL, tab, line break or another); only "
                                        + "printable characters are allowed."));
                        // faulted already: read as absent without a second fault for the same cell
                        values.put(header.get(i), null);
                        continue;
                    }
                    values.put(header.get(i), value.strip());
                }
                rows.add(new Row(line, values));
            }
            if (header == null) {
                violations.add(new HistoryViolation(0, "", "header", "The file is empty; the first line must be the "
                        + "header row naming the columns."));
            } else if (rows.isEmpty() && violations.isEmpty()) {
                violations.add(new HistoryViolation(0, "", "no-rows", "The file has a header but no rows to import."));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Parsed(rows, violations);
    }

    private static boolean checkHeader(List<String> header, List<Column> columns, long line,
                                       List<HistoryViolation> violations) {
        int before = violations.size();
        Set<String> known = new HashSet<>();
        columns.forEach(c -> known.add(c.name()));
        Set<String> seen = new HashSet<>();
        for (String name : header) {
            if (!known.contains(name)) {
                // the header's own cell is not a value from a case, but it may be anything: name it by position
                violations.add(new HistoryViolation(line, "", "unknown-column", "Header field "
                        + (header.indexOf(name) + 1) + " is not a column of this format (docs/import.md); names are "
                        + "lower case, exactly as documented."));
            } else if (!seen.add(name)) {
                violations.add(new HistoryViolation(line, name, "duplicate-column", "The column appears twice in the header."));
            }
        }
        for (Column c : columns) {
            if (c.required() && !seen.contains(c.name())) {
                violations.add(new HistoryViolation(line, c.name(), "missing-column", "The header lacks this required column."));
            }
        }
        return violations.size() == before;
    }

    /** Strict UTF-8: the line of the first malformed sequence is named, and nothing is read. */
    private static String decode(byte[] bytes, List<HistoryViolation> violations) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            result = decoder.flush(out);
        }
        if (result.isError()) {
            long line = 1;
            for (int i = 0; i < in.position(); i++) {
                if (bytes[i] == '\n') {
                    line++;
                }
            }
            violations.add(new HistoryViolation(line, "", "utf-8", "The file is not valid UTF-8 on this line (an "
                    + "overlong or truncated sequence, or a lone surrogate); save it as UTF-8."));
            return null;
        }
        out.flip();
        return out.toString();
    }

    private static int[] lineStarts(String text) {
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        return starts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Skipped blank lines count into a record's position; its first line is the first one with a character. */
    private static long startOf(String text, long position) {
        int at = (int) position;
        while (at < text.length() && (text.charAt(at) == '\r' || text.charAt(at) == '\n')) {
            at++;
        }
        return at;
    }

    private static long lineOf(int[] lineStarts, long position) {
        int i = Arrays.binarySearch(lineStarts, (int) position);
        return (i >= 0 ? i : -i - 2) + 1;
    }
}
