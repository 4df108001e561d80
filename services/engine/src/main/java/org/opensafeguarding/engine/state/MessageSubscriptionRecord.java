package org.opensafeguarding.engine.state;

import java.util.ArrayList;
import java.util.List;

public class MessageSubscriptionRecord extends EngineRecord {
    public MessageSubscriptionState state = MessageSubscriptionState.CREATED;
    public long elementInstanceKey;
    public long processInstanceKey;
    public long processDefinitionKey;
    public String bpmnProcessId;
    /** The message event's id (the catch event or the boundary event). */
    public String targetElementId;
    public String messageName;
    public String correlationKey;
    public long lastUpdated;
    public String tenantId = "<default>";
    /** Every message delivered through this subscription (a non-interrupting boundary event takes several). */
    public List<Correlation> correlations = new ArrayList<>();

    /** One delivered message, for the correlated message subscription search (public fields: stored as JSON). */
    public static class Correlation {
        public long messageKey;
        public long correlationTime;
    }

    /** Notes a delivery; call before {@code ProcessExecutor.correlate}, which stores the subscription. */
    public void correlated(long messageKey, long correlationTime) {
        Correlation correlation = new Correlation();
        correlation.messageKey = messageKey;
        correlation.correlationTime = correlationTime;
        correlations.add(correlation);
    }

    @Override
    public RecordKind kind() {
        return RecordKind.MESSAGE_SUBSCRIPTION;
    }
}
