package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.events.ParsedRecord;
import org.opensafeguarding.reporting.events.Rejection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.sql.Timestamp;
import java.time.Clock;

/** Keeps a record the projections cannot use, with its reason, once per version and topic position. */
@Component
public class ParkedEvents {

    private static final Logger log = LoggerFactory.getLogger(ParkedEvents.class);

    private final JdbcTemplate jdbc;
    private final Clock clock;

    public ParkedEvents(JdbcTemplate jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void park(int version, IncomingRecord record, ParsedRecord parsed, Rejection why) {
        int rows = jdbc.update("INSERT INTO parked_event (projection_version, topic, kafka_partition, kafka_offset, "
                        + "event_id, event_type, case_pseudonym, sequence, reason, field, rule, detail, payload, "
                        + "parked_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
                        + "ON CONFLICT (projection_version, topic, kafka_partition, kafka_offset) DO NOTHING",
                version, record.topic(), record.partition(), record.offset(), parsed.eventId(), parsed.eventType(),
                parsed.casePseudonym(), parsed.sequence(), why.reason(), why.field(), why.rule(), why.detail(),
                record.value() == null ? new byte[0] : record.value(), Timestamp.from(clock.instant()));
        if (rows > 0) {
            // codes and positions only: the record itself may hold anything
            log.warn("Parked case event at {}-{}@{} for projection v{}: {} {} {}", record.topic(), record.partition(),
                    record.offset(), version, why.reason(), why.field(), why.rule());
        }
    }
}
