package org.opensafeguarding.engine.state;

public class TimerRecord extends EngineRecord {
    /** The element instance that waits: the catch event itself, or the activity a boundary event is attached to. */
    public long elementInstanceKey;
    public long processInstanceKey;
    public long processDefinitionKey;
    /** The timer event's id (the catch event or the boundary event). */
    public String targetElementId;
    public long dueDate;
    /** Remaining repetitions of a cycle; -1 repeats forever, 1 means this is the last. */
    public int repetitions = 1;
    public long intervalMillis;
    public String tenantId = "<default>";
    /** The incident raised because this timer could not fire: it is not tried again until that is resolved. */
    public Long incidentKey;

    @Override
    public RecordKind kind() {
        return RecordKind.TIMER;
    }
}
