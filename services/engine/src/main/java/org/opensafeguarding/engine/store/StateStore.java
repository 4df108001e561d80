package org.opensafeguarding.engine.store;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.opensafeguarding.engine.state.ChangeSet;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.HistoryRow;
import org.opensafeguarding.engine.state.RecordId;
import org.opensafeguarding.engine.state.RecordKind;
import org.springframework.stereotype.Component;

/**
 * Durable copy of the engine state in PostgreSQL. One {@link #write} is one transaction, so a batch of commands
 * is either entirely on disk or not at all; the processor acknowledges commands only after it returns.
 */
@Component
public class StateStore {

    private static final String UPSERT = "INSERT INTO engine_record (record_key, kind, body) VALUES (?, ?, ?) "
            + "ON CONFLICT (kind, record_key) DO UPDATE SET body = EXCLUDED.body";
    /**
     * One statement for all of a batch's deletes (the keys as two arrays): pgjdbc rewrites batched INSERTs into
     * multi-row ones but sends a DELETE per row, and an ended tree's move deletes every record it had. A join with
     * the arrays costs about an eighth less per row than {@code IN (SELECT * FROM unnest(...))} (12.1 against
     * 13.9 us, 85 keys a statement in a 400 000-row table) and a third less than one {@code = ANY} per kind.
     */
    private static final String DELETE = "DELETE FROM engine_record r USING unnest(?::varchar[], ?::bigint[]) "
            + "AS d(kind, record_key) WHERE r.kind = d.kind AND r.record_key = d.record_key";
    /**
     * A plain insert: a record is archived once, in the transaction that deletes it from engine_record (keys are
     * never reused, and a batch archives each record once), so there is no conflict to handle. An upsert here cost
     * a fifth more PostgreSQL time per history row (speculative insertion into the primary key), and a row
     * archived twice would be a fault worth failing the commit for, not one to overwrite silently.
     */
    private static final String ARCHIVE = "INSERT INTO engine_history (kind, record_key, process_instance_key, "
            + "root_process_instance_key, scope_key, ended_at, body, record) VALUES (?, ?, ?, ?, ?, ?, ?::jsonb, ?)";
    private static final String META = "INSERT INTO engine_meta (name, value) VALUES (?, ?) "
            + "ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value";

    /** The number of the last batch committed: read after a commit whose answer was lost, to learn its fate. */
    public static final String META_LAST_BATCH = "last_batch";

    private final DataSource dataSource;
    private final ObjectMapper json;

    public StateStore(DataSource dataSource) {
        this.dataSource = dataSource;
        this.json = new ObjectMapper()
                .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
                .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
    }

    public List<EngineRecord> loadRecords() {
        List<EngineRecord> records = new ArrayList<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement()) {
            s.setFetchSize(5000);
            c.setAutoCommit(false);
            try (ResultSet rows = s.executeQuery("SELECT kind, body FROM engine_record ORDER BY record_key")) {
                while (rows.next()) {
                    RecordKind kind = RecordKind.valueOf(rows.getString(1));
                    records.add(json.readValue(rows.getString(2), kind.type()));
                }
            }
            c.commit();
        } catch (SQLException | java.io.IOException e) {
            throw new IllegalStateException("could not load the engine state", e);
        }
        return records;
    }

    public Map<String, Long> loadMeta() {
        Map<String, Long> meta = new HashMap<>();
        try (Connection c = dataSource.getConnection(); Statement s = c.createStatement();
             ResultSet rows = s.executeQuery("SELECT name, value FROM engine_meta")) {
            while (rows.next()) {
                meta.put(rows.getString(1), rows.getLong(2));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not load the engine counters", e);
        }
        return meta;
    }

    /**
     * Proves the store takes writes (a reload alone only proves it can be read): rewrites the key counter with its
     * own value in a transaction, which changes nothing but needs the same connection, rights and triggers as a
     * batch.
     */
    public void checkWritable() {
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement touch = c.prepareStatement("UPDATE engine_meta SET value = value WHERE name = ?")) {
                touch.setString(1, EngineState.META_NEXT_KEY);
                touch.executeUpdate();
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new IllegalStateException("the engine store does not take writes", e);
        }
    }

    /**
     * Everything one batch will write, serialised at the moment each command finished, so that a later command
     * of the same batch cannot leak into an earlier one's rows, and a failed command can be left out.
     */
    public static final class BatchWrite {
        private final Map<RecordId, Row> upserts = new LinkedHashMap<>();
        private final Set<RecordId> deletes = new LinkedHashSet<>();
        private final Map<String, Long> meta = new HashMap<>();
        private final Map<RecordId, ArchivedRow> archived = new LinkedHashMap<>();
        private boolean purge;
        private long number;

        /**
         * Numbers the batch: the number is written in the same transaction, so {@link #META_LAST_BATCH} at or
         * above it proves the batch committed. Numbering alone does not make an empty batch worth writing.
         */
        public void markBatch(long batchNumber) {
            this.number = batchNumber;
        }

        public boolean isEmpty() {
            return upserts.isEmpty() && deletes.isEmpty() && meta.isEmpty() && !purge && archived.isEmpty();
        }

        public void clear() {
            archived.clear();
            upserts.clear();
            deletes.clear();
            meta.clear();
            purge = false;
            number = 0;
        }
    }

    private record Row(RecordId id, String body) {
    }

    /** A row for the history table; {@code record} is null for kinds whose record is not kept whole. */
    private record ArchivedRow(HistoryRow row, String record) {
    }

    /** Adds one command's changes to the batch. */
    public void collect(BatchWrite batch, ChangeSet changes) {
        if (changes.purge()) {
            batch.upserts.clear();
            batch.deletes.clear();
            batch.archived.clear();
            batch.purge = true;
        }
        for (EngineRecord record : changes.upserts()) {
            RecordId id = new RecordId(record.kind(), record.key);
            batch.upserts.put(id, new Row(id, serialise(record, id)));
            batch.deletes.remove(id);
        }
        // an archived record changed by this command was serialised just above, in the state it leaves memory in
        Map<RecordId, String> serialised = changes.archived().isEmpty() ? Map.of() : new HashMap<>();
        for (RecordId id : changes.deletes()) {
            Row dropped = batch.upserts.remove(id);
            if (dropped != null && !changes.archived().isEmpty()) {
                serialised.put(id, dropped.body());
            }
            batch.deletes.add(id);
        }
        for (HistoryRow row : changes.archived()) {
            RecordId id = new RecordId(row.record().kind(), row.record().key);
            String body = null;
            if (HistoryRow.keptWhole(id.kind())) {
                body = serialised.get(id);
                if (body == null) {
                    body = serialise(row.record(), id);
                }
            }
            batch.archived.put(id, new ArchivedRow(row, body));
        }
        batch.meta.putAll(changes.meta());
    }

    private String serialise(EngineRecord record, RecordId id) {
        try {
            return json.writeValueAsString(record);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("could not serialise " + id, e);
        }
    }

    /**
     * Writes the batch in one transaction; returns only once it is committed. A failure before the commit leaves
     * nothing written ({@link IllegalStateException}); a failure of the commit itself leaves it unknown
     * ({@link CommitOutcomeUnknown}).
     */
    public void write(BatchWrite batch) {
        if (batch.isEmpty()) {
            return;
        }
        try (Connection c = dataSource.getConnection()) {
            c.setAutoCommit(false);
            try {
                if (batch.purge) {
                    try (Statement s = c.createStatement()) {
                        s.executeUpdate("DELETE FROM engine_record");
                        s.executeUpdate("DELETE FROM engine_history");
                    }
                }
                if (!batch.archived.isEmpty()) {
                    // before the deletes below, in the same transaction: a moved record is in one table or the other
                    try (PreparedStatement archive = c.prepareStatement(ARCHIVE)) {
                        for (ArchivedRow archived : batch.archived.values()) {
                            HistoryRow row = archived.row();
                            archive.setString(1, row.record().kind().name());
                            archive.setLong(2, row.record().key);
                            archive.setObject(3, row.processInstanceKey(), java.sql.Types.BIGINT);
                            archive.setLong(4, row.rootProcessInstanceKey());
                            archive.setObject(5, row.scopeKey(), java.sql.Types.BIGINT);
                            archive.setLong(6, row.endedAt());
                            archive.setString(7, row.view());
                            archive.setString(8, archived.record());
                            archive.addBatch();
                        }
                        archive.executeBatch();
                    }
                }
                if (!batch.upserts.isEmpty()) {
                    try (PreparedStatement upsert = c.prepareStatement(UPSERT)) {
                        for (Row row : batch.upserts.values()) {
                            upsert.setLong(1, row.id().key());
                            upsert.setString(2, row.id().kind().name());
                            upsert.setString(3, row.body());
                            upsert.addBatch();
                        }
                        upsert.executeBatch();
                    }
                }
                if (!batch.deletes.isEmpty()) {
                    String[] kinds = new String[batch.deletes.size()];
                    Long[] keys = new Long[kinds.length];
                    int i = 0;
                    for (RecordId id : batch.deletes) {
                        kinds[i] = id.kind().name();
                        keys[i++] = id.key();
                    }
                    try (PreparedStatement delete = c.prepareStatement(DELETE)) {
                        delete.setArray(1, c.createArrayOf("varchar", kinds));
                        delete.setArray(2, c.createArrayOf("bigint", keys));
                        delete.executeUpdate();
                    }
                }
                Map<String, Long> metaRows = batch.meta;
                if (batch.number > 0) {
                    metaRows = new HashMap<>(batch.meta);
                    metaRows.put(META_LAST_BATCH, batch.number);
                }
                if (!metaRows.isEmpty()) {
                    try (PreparedStatement meta = c.prepareStatement(META)) {
                        for (Map.Entry<String, Long> entry : metaRows.entrySet()) {
                            meta.setString(1, entry.getKey());
                            meta.setLong(2, entry.getValue());
                            meta.addBatch();
                        }
                        meta.executeBatch();
                    }
                }
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            try {
                c.commit();
            } catch (SQLException e) {
                throw new CommitOutcomeUnknown("the commit of an engine batch failed; it may or may not be on disk", e);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not write the engine state", e);
        }
    }
}
