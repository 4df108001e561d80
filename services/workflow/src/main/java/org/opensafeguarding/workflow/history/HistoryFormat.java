package org.opensafeguarding.workflow.history;

import java.time.Instant;
import java.util.List;

/** One case type's CSV: its columns and how a row becomes a {@link HistoricalCase}. */
interface HistoryFormat {

    Column SOURCE_REFERENCE = Column.required("source_reference", Column.Type.REFERENCE,
            "The case's reference in the previous system; unique per tenant and case type. A row whose reference was "
                    + "imported before with the same content is skipped; with different content it is refused.");
    Column TENANT = Column.required("tenant", Column.Type.TENANT,
            "The partnership the case belongs to: must be the tenant the import runs for (the caller's token).");

    ImportType type();

    /** In documentation order; the header may list them in any order. */
    List<Column> columns();

    /**
     * Reads a row; every fault goes into the reader.
     *
     * @return the case, or null when the row has faults
     */
    HistoricalCase read(RowReader row, String tenant, Instant now);

    /** The checks every format shares: the reference, and the tenant being the import's own. */
    static String reference(RowReader row, String tenant) {
        String reference = row.reference(SOURCE_REFERENCE);
        if (row.present(TENANT) && !tenant.equals(rowTenant(row))) {
            row.fault(TENANT.name(), "tenant-allowed", "The row is for another tenant than the one this import is for; "
                    + "each partnership imports its own cases.");
        } else if (!row.present(TENANT)) {
            row.fault(TENANT.name(), "required", "A value is required.");
        }
        return reference;
    }

    private static String rowTenant(RowReader row) {
        return row.raw(TENANT);
    }
}
