package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.opensafeguarding.workflow.events.CaseEventProperties;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.util.UUID;

/**
 * One receipt per Kafka referral on {@code safeguarding.referral-receipts.v1} (docs/events.md, "Receipts"), so a
 * producer learns the case id of what it sent, or why it was refused. Written to {@code referral_receipt} in the
 * transaction that decided (the intake's, or the quarantine's), and published by the outbox relay: a receipt exists
 * exactly when its decision committed. Ids and codes only, never a value from the referral.
 */
@Component
public class ReferralReceipts {

    public static final String TYPE = "org.opensafeguarding.referral.receipt";
    public static final String DATASCHEMA = "https://opensafeguarding.org/schemas/referrals/receipt.v1.json";

    /** Where a Kafka referral came from: the receipt's key when it has no usable event id, and part of its data. */
    public record Origin(String topic, int partition, long offset) {

        static Origin of(ConsumerRecord<?, ?> record) {
            return new Origin(record.topic(), record.partition(), record.offset());
        }

        String key() {
            return topic + "-" + partition + "@" + offset;
        }
    }

    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final CaseEventProperties events;

    public ReferralReceipts(JdbcClient jdbc, ObjectMapper json, CaseEventProperties events) {
        this.jdbc = jdbc;
        this.json = json;
        this.events = events;
    }

    /** {@code accepted} for a new event id, {@code replay} for one accepted before (the same case). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void accepted(IntakeResult result, Origin origin) {
        ObjectNode data = json.createObjectNode();
        data.put("status", result.replay() ? "replay" : "accepted");
        data.put("eventId", result.eventId());
        data.put("caseId", result.caseId().toString());
        data.put("referralId", result.referralId().toString());
        data.put("caseCreated", result.caseCreated());
        write(result.eventId(), origin, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void refused(ReferralRejectedException refusal, UUID quarantineId, Origin origin) {
        ObjectNode data = json.createObjectNode();
        data.put("status", "refused");
        if (refusal.eventId() == null) {
            data.putNull("eventId");
        } else {
            data.put("eventId", refusal.eventId());
        }
        data.put("reason", refusal.reason().code());
        data.put("field", ReferralQuarantine.printable(refusal.field()));
        data.put("rule", refusal.rule() == null ? "" : ReferralQuarantine.printable(refusal.rule()));
        data.put("quarantineId", quarantineId.toString());
        write(refusal.eventId(), origin, data);
    }

    private void write(String eventId, Origin origin, ObjectNode data) {
        ObjectNode record = data.putObject("record");
        record.put("topic", origin.topic());
        record.put("partition", origin.partition());
        record.put("offset", origin.offset());
        String key = eventId != null && ReferralRejectedException.EVENT_ID.matcher(eventId).matches() ? eventId : origin.key();
        ObjectNode envelope = json.createObjectNode();
        envelope.put(CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION);
        envelope.put(CloudEvents.ID, UUID.randomUUID().toString());
        envelope.put(CloudEvents.SOURCE, events.source());
        envelope.put(CloudEvents.TYPE, TYPE);
        envelope.put(CloudEvents.SUBJECT, key);
        envelope.put(CloudEvents.DATACONTENTTYPE, CloudEvents.JSON);
        envelope.put(CloudEvents.DATASCHEMA, DATASCHEMA);
        envelope.put(CloudEvents.PARTITIONKEY, key);
        envelope.set(CloudEvents.DATA, data);
        jdbc.sql("INSERT INTO referral_receipt (record_key, envelope) VALUES (:key, CAST(:envelope AS JSONB))")
                .param("key", key)
                .param("envelope", envelope.toString())
                .update();
    }
}
