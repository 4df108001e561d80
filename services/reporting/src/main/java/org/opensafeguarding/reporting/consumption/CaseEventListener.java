package org.opensafeguarding.reporting.consumption;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.support.Acknowledgment;
import org.springframework.stereotype.Component;

import java.util.List;

/**
 * The live consumer: every batch into every open projection version, then the offsets. A failure that reaches
 * the container is transient (the processor parks permanent ones) and is retried by its error handler.
 */
@Component
public class CaseEventListener {

    public static final String ID = "case-events";

    private final EventBatchProcessor processor;
    private final ProjectionVersions versions;
    private final Counter retries;

    public CaseEventListener(EventBatchProcessor processor, ProjectionVersions versions, MeterRegistry meters) {
        this.processor = processor;
        this.versions = versions;
        this.retries = Counter.builder("reporting.events.transient-failures")
                .description("Batches that failed for a passing reason (database away, lock) and will be retried")
                .register(meters);
    }

    @KafkaListener(id = ID, topics = "${safeguarding.topics.case-events:safeguarding.case-events.v1}",
            groupId = "${spring.kafka.consumer.group-id:reporting}", containerFactory = "caseEventContainerFactory",
            concurrency = "${reporting.consumer.concurrency:1}")
    public void onBatch(List<ConsumerRecord<String, byte[]>> records, Acknowledgment ack) {
        try {
            processor.process(records.stream()
                    .map(r -> new IncomingRecord(r.topic(), r.partition(), r.offset(), r.value())).toList(),
                    versions.open());
        } catch (RuntimeException failure) {
            if (TransientFailures.isTransient(failure)) {
                retries.increment();
            }
            throw failure;
        }
        ack.acknowledge();
    }
}
