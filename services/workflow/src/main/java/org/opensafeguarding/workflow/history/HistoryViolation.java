package org.opensafeguarding.workflow.history;

/**
 * One fault in an import file: where it is and which rule it breaks, never the value itself (a cell may hold
 * personal data typed into the wrong column).
 *
 * @param line   the line of the CSV record in the file (the header is line 1); 0 for the file as a whole
 * @param column the column's name, or {@code ""} for the whole record or file
 * @param rule   the check that failed, e.g. {@code required}, {@code date}, {@code allowed-code}, {@code date-order}
 */
public record HistoryViolation(long line, String column, String rule, String message) {
}
