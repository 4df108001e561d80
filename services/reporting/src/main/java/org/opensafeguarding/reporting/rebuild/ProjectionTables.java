package org.opensafeguarding.reporting.rebuild;

import java.util.List;

/** Every table that holds one projection version's rows, with the key that orders it for a checksum. */
public final class ProjectionTables {

    /** table name, and its key columns in order. */
    public static final List<String[]> ALL = List.of(
            new String[]{"inbox", "event_id"},
            new String[]{"case_position", "case_pseudonym"},
            new String[]{"pending_event", "case_pseudonym, sequence"},
            new String[]{"parked_event", "topic, kafka_partition, kafka_offset"},
            new String[]{"case_summary", "case_pseudonym"},
            new String[]{"case_timeline", "case_pseudonym, sequence"},
            new String[]{"stage", "task"},
            new String[]{"deadline", "case_pseudonym, timescale, due_on"},
            new String[]{"case_fact", "case_pseudonym, sequence"});

    /** Columns that record when this copy was made, not what the events say: left out of a checksum. */
    public static final List<String> LOCAL_COLUMNS = List.of("projection_version", "received_at", "held_since",
            "parked_at", "id");

    private ProjectionTables() {
    }
}
