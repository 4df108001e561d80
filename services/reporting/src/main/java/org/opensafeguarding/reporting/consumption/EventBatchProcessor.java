package org.opensafeguarding.reporting.consumption;

import org.opensafeguarding.reporting.events.CaseEventParser;
import org.opensafeguarding.reporting.events.ParsedRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * One batch of records into the given projection versions in one transaction. A transient failure goes back to
 * the caller to retry; a permanent one re-runs the batch carefully, parking only the records that fail.
 */
@Component
public class EventBatchProcessor {

    private static final Logger log = LoggerFactory.getLogger(EventBatchProcessor.class);

    private final CaseEventParser parser;
    private final SequenceGate gate;
    private final BatchGate batchGate;
    private final TransactionTemplate transaction;

    public EventBatchProcessor(CaseEventParser parser, SequenceGate gate, BatchGate batchGate,
                               @Qualifier("transactionTemplate") TransactionTemplate transactionTemplate) {
        this.parser = parser;
        this.gate = gate;
        this.batchGate = batchGate;
        this.transaction = transactionTemplate;
    }

    public Map<SequenceGate.Outcome, Integer> process(List<IncomingRecord> records, List<Integer> versions) {
        List<Parsed> batch = new ArrayList<>(records.size());
        for (IncomingRecord record : records) {
            batch.add(new Parsed(record, parser.parse(record.value())));
        }
        // one lock order per batch across cases (stable, so each case keeps its order) avoids deadlocks between
        // the live consumer and a rebuild
        batch.sort(Comparator.comparing(p -> p.parsed().casePseudonym() == null ? "" : p.parsed().casePseudonym()));
        try {
            return transaction.execute(s -> run(batch, versions, false));
        } catch (RuntimeException failure) {
            if (TransientFailures.isTransient(failure)) {
                throw failure;
            }
            log.warn("A batch of {} case events hit a permanent failure ({}); applying it record by record",
                    records.size(), failure.getClass().getSimpleName());
            return transaction.execute(s -> run(batch, versions, true));
        }
    }

    private Map<SequenceGate.Outcome, Integer> run(List<Parsed> batch, List<Integer> versions, boolean careful) {
        Map<SequenceGate.Outcome, Integer> outcomes = new EnumMap<>(SequenceGate.Outcome.class);
        if (!careful) {
            List<BatchGate.Item> items = batch.stream().map(p -> new BatchGate.Item(p.record(), p.parsed())).toList();
            for (int version : versions) {
                batchGate.accept(version, items).forEach((k, n) -> outcomes.merge(k, n, Integer::sum));
            }
            return outcomes;
        }
        for (int version : versions) {
            for (Parsed p : batch) {
                outcomes.merge(gate.accept(version, p.record(), p.parsed(), careful), 1, Integer::sum);
            }
        }
        return outcomes;
    }

    private record Parsed(IncomingRecord record, ParsedRecord parsed) {
    }
}
