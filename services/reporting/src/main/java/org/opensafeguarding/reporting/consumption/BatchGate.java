package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.events.CaseEventParser;
import org.opensafeguarding.reporting.events.ParsedRecord;
import org.opensafeguarding.reporting.events.Rejection;
import org.opensafeguarding.reporting.projection.ProjectionBatch;
import org.opensafeguarding.reporting.projection.Projections;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The rules of {@link SequenceGate} for a whole batch at once: one inbox statement, one lock of the batch's case
 * positions, one read of their held events, one projection write. Events held and released within the same batch
 * never touch the pending table.
 */
@Component
public class BatchGate {

    private final JdbcTemplate jdbc;
    private final Projections projections;
    private final ParkedEvents parked;
    private final CaseEventParser parser;
    private final Clock clock;

    public BatchGate(JdbcTemplate jdbc, Projections projections, ParkedEvents parked, CaseEventParser parser,
                     Clock clock) {
        this.jdbc = jdbc;
        this.projections = projections;
        this.parked = parked;
        this.parser = parser;
        this.clock = clock;
    }

    /** A record and what the parser made of it. */
    public record Item(IncomingRecord record, ParsedRecord parsed) {
    }

    /** A held event: from the table ({@code stored}) or from this batch. */
    private record Held(Item item, boolean stored) {
    }

    public Map<SequenceGate.Outcome, Integer> accept(int version, List<Item> batch) {
        Map<SequenceGate.Outcome, Integer> outcomes = new EnumMap<>(SequenceGate.Outcome.class);
        Set<String> fresh = claimInbox(version, batch);
        Set<String> claimed = new HashSet<>();
        Map<String, List<Item>> byCase = new TreeMap<>();
        Map<String, String> tenants = new LinkedHashMap<>();
        for (Item item : batch) {
            ParsedRecord p = item.parsed();
            if (p.eventId() != null && (!fresh.contains(p.eventId()) || !claimed.add(p.eventId()))) {
                count(outcomes, SequenceGate.Outcome.DUPLICATE);
                continue;
            }
            if (!p.isAccepted()) {
                parked.park(version, item.record(), p, p.rejection());
            }
            if (!p.isSequenced()) {
                count(outcomes, SequenceGate.Outcome.PARKED);
                continue;
            }
            byCase.computeIfAbsent(p.casePseudonym(), k -> new ArrayList<>()).add(item);
            tenants.putIfAbsent(p.casePseudonym(), p.tenant());
        }
        if (byCase.isEmpty()) {
            return outcomes;
        }
        Map<String, Long> positions = lockPositions(version, tenants);
        Map<String, TreeMap<Long, Held>> held = loadHeld(version, byCase.keySet());
        ProjectionBatch projection = projections.batch(version);
        List<Object[]> released = new ArrayList<>();
        List<Object[]> positionUpdates = new ArrayList<>();
        for (Map.Entry<String, List<Item>> entry : byCase.entrySet()) {
            String casePseudonym = entry.getKey();
            long last = positions.get(casePseudonym);
            long start = last;
            TreeMap<Long, Held> waiting = held.computeIfAbsent(casePseudonym, k -> new TreeMap<>());
            for (Item item : entry.getValue()) {
                long sequence = item.parsed().sequence();
                if (sequence <= last || waiting.containsKey(sequence)) {
                    conflict(version, item);
                    count(outcomes, SequenceGate.Outcome.PARKED);
                    continue;
                }
                if (sequence > last + 1) {
                    waiting.put(sequence, new Held(item, false));
                    count(outcomes, SequenceGate.Outcome.HELD);
                    continue;
                }
                apply(projection, item);
                count(outcomes, item.parsed().isAccepted() ? SequenceGate.Outcome.APPLIED : SequenceGate.Outcome.PARKED);
                last = sequence;
                for (Held next = waiting.remove(last + 1); next != null; next = waiting.remove(last + 1)) {
                    apply(projection, next.item());
                    if (next.stored()) {
                        released.add(new Object[]{version, casePseudonym, last + 1});
                    }
                    last++;
                }
            }
            if (last != start) {
                positionUpdates.add(new Object[]{last, version, casePseudonym});
            }
        }
        projection.flush();
        if (!released.isEmpty()) {
            jdbc.batchUpdate("DELETE FROM pending_event WHERE projection_version = ? AND case_pseudonym = ? "
                    + "AND sequence = ?", released);
        }
        storeNewlyHeld(version, held);
        if (!positionUpdates.isEmpty()) {
            jdbc.batchUpdate("UPDATE case_position SET last_sequence = ? WHERE projection_version = ? "
                    + "AND case_pseudonym = ?", positionUpdates);
        }
        return outcomes;
    }

    private Set<String> claimInbox(int version, List<Item> batch) {
        List<String> ids = new ArrayList<>();
        List<String> types = new ArrayList<>();
        for (Item item : batch) {
            if (item.parsed().eventId() != null) {
                ids.add(item.parsed().eventId());
                types.add(item.parsed().eventType() == null ? "-" : item.parsed().eventType());
            }
        }
        Set<String> fresh = new HashSet<>();
        if (ids.isEmpty()) {
            return fresh;
        }
        jdbc.query(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO inbox (projection_version, event_id, event_type) "
                    + "SELECT ?, i, t FROM unnest(?::varchar[], ?::varchar[]) AS u(i, t) "
                    + "ON CONFLICT DO NOTHING RETURNING event_id");
            ps.setInt(1, version);
            ps.setArray(2, con.createArrayOf("varchar", ids.toArray()));
            ps.setArray(3, con.createArrayOf("varchar", types.toArray()));
            return ps;
        }, rs -> {
            fresh.add(rs.getString(1));
        });
        return fresh;
    }

    /** Creates missing positions, then locks the batch's cases in key order (the same order in every batch). */
    private Map<String, Long> lockPositions(int version, Map<String, String> tenants) {
        jdbc.update(con -> {
            PreparedStatement ps = con.prepareStatement("INSERT INTO case_position (projection_version, case_pseudonym, "
                    + "tenant, last_sequence) SELECT ?, c, t, 0 FROM unnest(?::bpchar[], ?::varchar[]) AS u(c, t) "
                    + "ORDER BY c ON CONFLICT DO NOTHING");
            ps.setInt(1, version);
            ps.setArray(2, con.createArrayOf("bpchar", tenants.keySet().toArray()));
            ps.setArray(3, con.createArrayOf("varchar", tenants.values().toArray()));
            return ps;
        });
        Map<String, Long> positions = new LinkedHashMap<>();
        jdbc.query(con -> keys(con, "SELECT case_pseudonym, last_sequence FROM case_position WHERE projection_version = ? "
                + "AND case_pseudonym = ANY(?) ORDER BY case_pseudonym FOR UPDATE", version, tenants.keySet()), rs -> {
            positions.put(rs.getString(1), rs.getLong(2));
        });
        return positions;
    }

    private Map<String, TreeMap<Long, Held>> loadHeld(int version, Set<String> cases) {
        Map<String, TreeMap<Long, Held>> held = new LinkedHashMap<>();
        jdbc.query(con -> keys(con, "SELECT case_pseudonym, sequence, payload, parked, topic, kafka_partition, "
                + "kafka_offset FROM pending_event WHERE projection_version = ? AND case_pseudonym = ANY(?)", version,
                cases), rs -> {
            byte[] payload = rs.getString("payload").getBytes(StandardCharsets.UTF_8);
            IncomingRecord record = new IncomingRecord(rs.getString("topic"), rs.getInt("kafka_partition"),
                    rs.getLong("kafka_offset"), payload);
            // a parked record held its place only; its reason is already in parked_event
            ParsedRecord parsed = rs.getBoolean("parked") ? null : parser.parse(payload);
            held.computeIfAbsent(rs.getString("case_pseudonym"), k -> new TreeMap<>())
                    .put(rs.getLong("sequence"), new Held(new Item(record, parsed), true));
        });
        return held;
    }

    private void storeNewlyHeld(int version, Map<String, TreeMap<Long, Held>> held) {
        List<Object[]> rows = new ArrayList<>();
        Timestamp now = Timestamp.from(clock.instant());
        held.values().forEach(waiting -> waiting.values().stream().filter(h -> !h.stored()).forEach(h -> {
            ParsedRecord p = h.item().parsed();
            IncomingRecord r = h.item().record();
            rows.add(new Object[]{version, p.casePseudonym(), p.sequence(), p.eventId() == null ? "-" : p.eventId(),
                    p.tenant(), p.isAccepted() ? p.event().json() : "{}", !p.isAccepted(), r.topic(), r.partition(),
                    r.offset(), now});
        }));
        if (!rows.isEmpty()) {
            jdbc.batchUpdate("INSERT INTO pending_event (projection_version, case_pseudonym, sequence, event_id, tenant, "
                    + "payload, parked, topic, kafka_partition, kafka_offset, held_since) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows);
        }
    }

    private static void apply(ProjectionBatch projection, Item item) {
        if (item.parsed() != null && item.parsed().isAccepted()) {
            projection.add(item.parsed().event());
        }
    }

    /** Two different events claimed one place in a case's order: keep the second aside, never drop it. */
    private void conflict(int version, Item item) {
        if (item.parsed().isAccepted()) {
            parked.park(version, item.record(), item.parsed(),
                    Rejection.of("sequence-conflict", "/sequence", "unique-sequence"));
        }
    }

    private static PreparedStatement keys(java.sql.Connection con, String sql, int version, Set<String> keys)
            throws java.sql.SQLException {
        PreparedStatement ps = con.prepareStatement(sql);
        ps.setInt(1, version);
        Array array = con.createArrayOf("bpchar", keys.toArray());
        ps.setArray(2, array);
        return ps;
    }

    private static void count(Map<SequenceGate.Outcome, Integer> outcomes, SequenceGate.Outcome outcome) {
        outcomes.merge(outcome, 1, Integer::sum);
    }
}
