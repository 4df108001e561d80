package org.opensafeguarding.engine.state;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableSet;
import java.util.Set;

/**
 * The engine's complete working state, in memory. Only the processing thread reads or writes it; every change
 * goes through {@link #put}/{@link #remove} so it is also recorded for the next group commit.
 */
public final class EngineState {

    /** Zeebe encodes the partition in the upper bits of every key; partition 1 keeps keys looking familiar. */
    public static final long KEY_BASE = 1L << 51;
    public static final String META_NEXT_KEY = "next_key";
    public static final String META_PURGE_CHANGE = "purge_change_id";

    private final Map<RecordKind, Map<Long, EngineRecord>> byKind = new EnumMap<>(RecordKind.class);
    private final Map<Long, Map<String, VariableRecord>> variablesByScope = new HashMap<>();
    private final Map<Long, Set<Long>> childrenByScope = new HashMap<>();
    /**
     * Jobs that may be handed to a worker (CREATED, or FAILED with retries left, maybe still backing off), by
     * type in key order: activation looks only at these, never at every open or activated job.
     */
    private final KeyBuckets<String> activatableJobsByType = new KeyBuckets<>();
    /** ACTIVATED jobs by deadline: the due-work loop takes only the ones whose worker ran out of time. */
    private final DueQueue jobDeadlines = new DueQueue();
    /** FAILED jobs with retries left, by the end of their back-off. */
    private final DueQueue jobBackOffs = new DueQueue();
    /** Every timer by due date: the due-work loop takes only the ones that are due. */
    private final DueQueue timersByDueDate = new DueQueue();
    /** Every buffered message by expiry. */
    private final DueQueue messageExpiry = new DueQueue();
    /** Buffered messages by name and correlation key: a subscription that opens looks up only its own. */
    private final KeyBuckets<String> messagesByCorrelation = new KeyBuckets<>();
    /** Buffered messages that carry a message id, by name, correlation key and id: the duplicate check is a lookup. */
    private final Map<String, Long> messagesById = new HashMap<>();
    /** Every record that belongs to a process instance, so an ended instance can be forgotten as a whole. */
    private final Map<Long, Set<RecordId>> recordsByProcessInstance = new HashMap<>();
    /**
     * Subscriptions waiting for a message, by message name and correlation key: publishing must scan neither
     * history nor the other instances waiting for a message of the same name.
     */
    private final KeyBuckets<String> openSubscriptionsByMessage = new KeyBuckets<>();
    /** ACTIVE incidents by process instance: every read of an instance says whether it has one. */
    private final KeyBuckets<Long> activeIncidentsByProcessInstance = new KeyBuckets<>();
    private final KeyBuckets<Long> incidentsByElementInstance = new KeyBuckets<>();
    private final KeyBuckets<Long> incidentsByJob = new KeyBuckets<>();
    private final KeyBuckets<IncidentState> incidentsByState = new KeyBuckets<>();
    /**
     * ACTIVE instances started by a message, by process id and correlation key: a message that could start a
     * process checks only these (one active instance per key and process), never every instance.
     */
    private final KeyBuckets<String> activeInstancesByStartCorrelation = new KeyBuckets<>();
    /**
     * User tasks by state, by candidate group and by both (null: any), in key order: a task search for one group's
     * open tasks counts them and reads its page from here instead of building a result for every task.
     */
    private final KeySets<TaskGroup> userTasksByStateAndGroup = new KeySets<>();
    /** Process definitions and forms by id, in key order (versions ascend with keys). */
    private final KeyBuckets<String> definitionsByProcessId = new KeyBuckets<>();
    private final KeyBuckets<String> formsByFormId = new KeyBuckets<>();
    /** Jobs, user tasks, timers and subscriptions per element instance, so ending an element is not a scan. */
    private final Map<Long, Set<RecordId>> waitsByElementInstance = new HashMap<>();
    /** Child instances (call activities) per parent instance, so an ended tree is found without a scan. */
    private final Map<Long, Set<Long>> childInstancesByParent = new HashMap<>();
    /** Records of ended trees moved out of memory in this batch, for the history table. */
    private final List<HistoryRow> archived = new ArrayList<>();

    /** Keyed by kind and key: a process instance and its root element instance share one key. */
    private final Map<RecordId, EngineRecord> dirty = new LinkedHashMap<>();
    private final Set<RecordId> deleted = new LinkedHashSet<>();
    private final Map<String, Long> dirtyMeta = new HashMap<>();
    private boolean purged;

    private long nextKey = KEY_BASE + 1;
    private long lastPurgeChangeId;

    public EngineState() {
        for (RecordKind kind : RecordKind.values()) {
            byKind.put(kind, new LinkedHashMap<>());
        }
    }

    // ---- keys ----

    public long newKey() {
        long key = nextKey++;
        dirtyMeta.put(META_NEXT_KEY, nextKey);
        return key;
    }

    public long lastPurgeChangeId() {
        return lastPurgeChangeId;
    }

    // ---- loading ----

    public void restore(Collection<EngineRecord> records, Map<String, Long> meta) {
        for (EngineRecord record : records) {
            index(record);
        }
        nextKey = Math.max(nextKey, meta.getOrDefault(META_NEXT_KEY, KEY_BASE + 1));
        lastPurgeChangeId = meta.getOrDefault(META_PURGE_CHANGE, 0L);
    }

    // ---- writing ----

    public <T extends EngineRecord> T put(T record) {
        index(record);
        RecordId id = new RecordId(record.kind(), record.key);
        dirty.put(id, record);
        deleted.remove(id);
        return record;
    }

    public void remove(EngineRecord record) {
        byKind.get(record.kind()).remove(record.key);
        if (record instanceof VariableRecord variable) {
            Map<String, VariableRecord> scope = variablesByScope.get(variable.scopeKey);
            if (scope != null) {
                scope.remove(variable.name);
            }
        }
        unindexByKind(record);
        if (record instanceof ProcessInstanceRecord instance && instance.parentProcessInstanceKey != null) {
            Set<Long> siblings = childInstancesByParent.get(instance.parentProcessInstanceKey);
            if (siblings != null) {
                siblings.remove(instance.key);
                if (siblings.isEmpty()) {
                    childInstancesByParent.remove(instance.parentProcessInstanceKey);
                }
            }
        }
        RecordId id = new RecordId(record.kind(), record.key);
        Long owner = processInstanceOf(record);
        if (owner != null) {
            Set<RecordId> owned = recordsByProcessInstance.get(owner);
            if (owned != null) {
                owned.remove(id);
            }
        }
        Long waitingElement = waitingElementOf(record);
        if (waitingElement != null) {
            Set<RecordId> waits = waitsByElementInstance.get(waitingElement);
            if (waits != null) {
                waits.remove(id);
                if (waits.isEmpty()) {
                    waitsByElementInstance.remove(waitingElement);
                }
            }
        }
        dirty.remove(id);
        deleted.add(id);
    }

    /** Forgets everything (cluster purge); keys keep counting up so old keys are never reused. */
    public long purge() {
        byKind.values().forEach(Map::clear);
        variablesByScope.clear();
        childrenByScope.clear();
        activatableJobsByType.clear();
        jobDeadlines.clear();
        jobBackOffs.clear();
        timersByDueDate.clear();
        messageExpiry.clear();
        messagesByCorrelation.clear();
        messagesById.clear();
        waitsByElementInstance.clear();
        openSubscriptionsByMessage.clear();
        activeIncidentsByProcessInstance.clear();
        incidentsByElementInstance.clear();
        incidentsByJob.clear();
        incidentsByState.clear();
        activeInstancesByStartCorrelation.clear();
        definitionsByProcessId.clear();
        formsByFormId.clear();
        userTasksByStateAndGroup.clear();
        recordsByProcessInstance.clear();
        childInstancesByParent.clear();
        archived.clear();
        dirty.clear();
        deleted.clear();
        purged = true;
        lastPurgeChangeId = lastPurgeChangeId + 1;
        dirtyMeta.put(META_PURGE_CHANGE, lastPurgeChangeId);
        dirtyMeta.put(META_NEXT_KEY, nextKey);
        return lastPurgeChangeId;
    }

    public ChangeSet takeChanges() {
        ChangeSet changes = new ChangeSet(new ArrayList<>(dirty.values()), new ArrayList<>(deleted),
                new HashMap<>(dirtyMeta), purged, new ArrayList<>(archived));
        archived.clear();
        dirty.clear();
        deleted.clear();
        dirtyMeta.clear();
        purged = false;
        return changes;
    }

    private static Long waitingElementOf(EngineRecord record) {
        if (record instanceof JobRecord job) {
            return job.elementInstanceKey;
        } else if (record instanceof UserTaskRecord task) {
            return task.elementInstanceKey;
        } else if (record instanceof TimerRecord timer) {
            return timer.elementInstanceKey;
        } else if (record instanceof MessageSubscriptionRecord subscription) {
            return subscription.elementInstanceKey;
        }
        return null;
    }

    static Long processInstanceOf(EngineRecord record) {
        if (record instanceof ProcessInstanceRecord instance) {
            return instance.key;
        } else if (record instanceof ElementInstanceRecord element) {
            return element.processInstanceKey;
        } else if (record instanceof VariableRecord variable) {
            return variable.processInstanceKey;
        } else if (record instanceof JobRecord job) {
            return job.processInstanceKey;
        } else if (record instanceof UserTaskRecord task) {
            return task.processInstanceKey;
        } else if (record instanceof TimerRecord timer) {
            return timer.processInstanceKey;
        } else if (record instanceof MessageSubscriptionRecord subscription) {
            return subscription.processInstanceKey;
        } else if (record instanceof IncidentRecord incident) {
            return incident.processInstanceKey;
        }
        return null;
    }

    /**
     * Removes an ended process instance with everything that belongs to it from memory (and, through the next
     * commit, from engine_record). Only called for instances that ended, so nothing still waits on these records.
     */
    public int forgetProcessInstance(long processInstanceKey) {
        Set<RecordId> ids = recordsByProcessInstance.remove(processInstanceKey);
        if (ids == null) {
            return 0;
        }
        int removed = 0;
        for (RecordId id : List.copyOf(ids)) {
            EngineRecord record = get(id.kind(), id.key());
            if (record != null) {
                remove(record);
                removed++;
            }
        }
        variablesByScope.remove(processInstanceKey);
        for (RecordId id : ids) {
            if (id.kind() == RecordKind.ELEMENT_INSTANCE) {
                childrenByScope.remove(id.key());
                variablesByScope.remove(id.key());
            }
        }
        childrenByScope.remove(processInstanceKey);
        return removed;
    }

    /**
     * Every record of an instance tree: the instance, the instances its call activities started (transitively),
     * and everything they own. Read before {@link #archive} moves them.
     */
    public List<EngineRecord> recordsOfTree(long rootProcessInstanceKey) {
        List<EngineRecord> result = new ArrayList<>();
        List<Long> instances = new ArrayList<>();
        instances.add(rootProcessInstanceKey);
        for (int i = 0; i < instances.size(); i++) {
            long instanceKey = instances.get(i);
            instances.addAll(childInstancesByParent.getOrDefault(instanceKey, Set.of()));
            for (RecordId id : recordsByProcessInstance.getOrDefault(instanceKey, Set.of())) {
                EngineRecord record = get(id.kind(), id.key());
                if (record != null) {
                    result.add(record);
                }
            }
        }
        return result;
    }

    /**
     * Moves an ended instance tree out of memory: its records are removed here and deleted from engine_record,
     * and the given rows go to the history table, both in the next group commit. The caller builds the rows from
     * {@link #recordsOfTree} of the same root, after the root ended, so nothing still live waits on them.
     */
    public void archive(long rootProcessInstanceKey, List<HistoryRow> rows) {
        List<Long> instances = new ArrayList<>();
        instances.add(rootProcessInstanceKey);
        for (int i = 0; i < instances.size(); i++) {
            instances.addAll(childInstancesByParent.getOrDefault(instances.get(i), Set.of()));
        }
        for (Long instanceKey : instances) {
            forgetProcessInstance(instanceKey);
            childInstancesByParent.remove(instanceKey);
        }
        archived.addAll(rows);
    }

    private void index(EngineRecord record) {
        byKind.get(record.kind()).put(record.key, record);
        if (record instanceof ProcessInstanceRecord instance && instance.parentProcessInstanceKey != null) {
            childInstancesByParent.computeIfAbsent(instance.parentProcessInstanceKey, k -> new LinkedHashSet<>())
                    .add(instance.key);
        }
        Long owner = processInstanceOf(record);
        if (owner != null) {
            recordsByProcessInstance.computeIfAbsent(owner, k -> new HashSet<>())
                    .add(new RecordId(record.kind(), record.key));
        }
        Long waitingElement = waitingElementOf(record);
        if (waitingElement != null) {
            waitsByElementInstance.computeIfAbsent(waitingElement, k -> new LinkedHashSet<>())
                    .add(new RecordId(record.kind(), record.key));
        }
        if (record instanceof VariableRecord variable) {
            variablesByScope.computeIfAbsent(variable.scopeKey, k -> new LinkedHashMap<>()).put(variable.name, variable);
        } else if (record instanceof ElementInstanceRecord element && element.flowScopeKey != null) {
            childrenByScope.computeIfAbsent(element.flowScopeKey, k -> new LinkedHashSet<>()).add(element.key);
        } else if (record instanceof MessageSubscriptionRecord subscription) {
            openSubscriptionsByMessage.put(subscription.key,
                    subscription.state == MessageSubscriptionState.CREATED
                            ? correlation(subscription.messageName, subscription.correlationKey) : null);
        } else if (record instanceof JobRecord job) {
            indexJob(job);
        } else if (record instanceof MessageRecord message) {
            String id = messageIdentity(message);
            if (id != null) {
                messagesById.put(id, message.key);
            }
            messageExpiry.put(message.key, message.expiresAt);
            messagesByCorrelation.put(message.key, correlation(message.name, message.correlationKey));
        } else if (record instanceof TimerRecord timer) {
            timersByDueDate.put(timer.key, timer.dueDate);
        } else if (record instanceof IncidentRecord incident) {
            boolean active = incident.state == IncidentState.ACTIVE;
            activeIncidentsByProcessInstance.put(incident.key, active ? incident.processInstanceKey : null);
            incidentsByElementInstance.put(incident.key, incident.elementInstanceKey);
            incidentsByJob.put(incident.key, incident.jobKey);
            incidentsByState.put(incident.key, incident.state);
        } else if (record instanceof ProcessInstanceRecord instance) {
            boolean counts = instance.state == ProcessInstanceState.ACTIVE && instance.startedByCorrelationKey != null
                    && !instance.startedByCorrelationKey.isEmpty();
            activeInstancesByStartCorrelation.put(instance.key,
                    counts ? correlation(instance.bpmnProcessId, instance.startedByCorrelationKey) : null);
        } else if (record instanceof UserTaskRecord task) {
            userTasksByStateAndGroup.put(task.key, taskGroups(task));
        } else if (record instanceof ProcessDefinitionRecord definition) {
            definitionsByProcessId.put(definition.key, definition.bpmnProcessId);
        } else if (record instanceof FormRecord form) {
            formsByFormId.put(form.key, form.formId);
        }
    }

    private void indexJob(JobRecord job) {
        boolean activatable = job.state == JobState.CREATED || (job.state == JobState.FAILED && job.retries > 0);
        activatableJobsByType.put(job.key, activatable ? job.type : null);
        if (job.state == JobState.ACTIVATED) {
            jobDeadlines.put(job.key, job.deadline);
        } else {
            jobDeadlines.remove(job.key);
        }
        if (job.state == JobState.FAILED && job.retries > 0) {
            jobBackOffs.put(job.key, job.retryAt);
        } else {
            jobBackOffs.remove(job.key);
        }
    }

    /** Takes a record out of the indexes kept for its kind; {@link #remove} does variables and the shared ones. */
    private void unindexByKind(EngineRecord record) {
        long key = record.key;
        if (record instanceof JobRecord) {
            activatableJobsByType.remove(key);
            jobDeadlines.remove(key);
            jobBackOffs.remove(key);
        } else if (record instanceof MessageRecord message) {
            String id = messageIdentity(message);
            if (id != null) {
                messagesById.remove(id, message.key);
            }
            messageExpiry.remove(key);
            messagesByCorrelation.remove(key);
        } else if (record instanceof MessageSubscriptionRecord) {
            openSubscriptionsByMessage.remove(key);
        } else if (record instanceof TimerRecord) {
            timersByDueDate.remove(key);
        } else if (record instanceof IncidentRecord) {
            activeIncidentsByProcessInstance.remove(key);
            incidentsByElementInstance.remove(key);
            incidentsByJob.remove(key);
            incidentsByState.remove(key);
        } else if (record instanceof ProcessInstanceRecord) {
            activeInstancesByStartCorrelation.remove(key);
        } else if (record instanceof UserTaskRecord) {
            userTasksByStateAndGroup.remove(key);
        } else if (record instanceof ProcessDefinitionRecord) {
            definitionsByProcessId.remove(key);
        } else if (record instanceof FormRecord) {
            formsByFormId.remove(key);
        }
    }

    /** A state and a candidate group a user task is looked up by; null stands for any. */
    private record TaskGroup(UserTaskState state, String candidateGroup) {
    }

    private static Set<TaskGroup> taskGroups(UserTaskRecord task) {
        Set<TaskGroup> groups = new HashSet<>(2 + 2 * task.candidateGroups.size());
        groups.add(new TaskGroup(null, null));
        groups.add(new TaskGroup(task.state, null));
        for (String group : task.candidateGroups) {
            groups.add(new TaskGroup(null, group));
            groups.add(new TaskGroup(task.state, group));
        }
        return groups;
    }

    private static String correlation(String name, String correlationKey) {
        return name + '\0' + correlationKey;
    }

    private static String messageIdentity(MessageRecord message) {
        return messageIdentity(message.name, message.correlationKey, message.messageId);
    }

    /** The {@link #messagesById} key, or null for a message without an id. */
    private static String messageIdentity(String name, String correlationKey, String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        return name + '\0' + correlationKey + '\0' + messageId;
    }

    // ---- reading ----

    @SuppressWarnings("unchecked")
    public <T extends EngineRecord> T get(RecordKind kind, long key) {
        return (T) byKind.get(kind).get(key);
    }

    @SuppressWarnings("unchecked")
    public <T extends EngineRecord> Collection<T> all(RecordKind kind) {
        return (Collection<T>) byKind.get(kind).values();
    }

    /** The records of one kind that belong to one process instance, in key order. */
    @SuppressWarnings("unchecked")
    public <T extends EngineRecord> List<T> recordsOf(long processInstanceKey, RecordKind kind) {
        List<T> result = new ArrayList<>();
        for (RecordId id : recordsByProcessInstance.getOrDefault(processInstanceKey, Set.of())) {
            if (id.kind() == kind) {
                EngineRecord record = get(kind, id.key());
                if (record != null) {
                    result.add((T) record);
                }
            }
        }
        result.sort(java.util.Comparator.comparingLong(record -> record.key));
        return result;
    }

    public ProcessInstanceRecord processInstance(long key) {
        return get(RecordKind.PROCESS_INSTANCE, key);
    }

    public ElementInstanceRecord elementInstance(long key) {
        return get(RecordKind.ELEMENT_INSTANCE, key);
    }

    public JobRecord job(long key) {
        return get(RecordKind.JOB, key);
    }

    public Map<String, VariableRecord> localVariables(long scopeKey) {
        return variablesByScope.getOrDefault(scopeKey, Map.of());
    }

    public List<ElementInstanceRecord> children(long scopeKey) {
        List<ElementInstanceRecord> result = new ArrayList<>();
        for (Long key : childrenByScope.getOrDefault(scopeKey, Set.of())) {
            ElementInstanceRecord child = elementInstance(key);
            if (child != null) {
                result.add(child);
            }
        }
        return result;
    }

    /** Jobs, user tasks, timers and message subscriptions (open or not) of one element instance. */
    public List<EngineRecord> waitsOf(long elementInstanceKey) {
        List<EngineRecord> result = new ArrayList<>();
        for (RecordId id : waitsByElementInstance.getOrDefault(elementInstanceKey, Set.of())) {
            EngineRecord record = get(id.kind(), id.key());
            if (record != null) {
                result.add(record);
            }
        }
        return result;
    }

    /** Subscriptions waiting for a message of this name and correlation key, oldest first. */
    public List<MessageSubscriptionRecord> openSubscriptions(String messageName, String correlationKey) {
        List<MessageSubscriptionRecord> result = new ArrayList<>();
        for (Long key : openSubscriptionsByMessage.keys(correlation(messageName, correlationKey))) {
            MessageSubscriptionRecord subscription = get(RecordKind.MESSAGE_SUBSCRIPTION, key);
            if (subscription != null) {
                result.add(subscription);
            }
        }
        return result;
    }

    /**
     * Keys of the jobs of this type that are CREATED or FAILED with retries left, in key order (a FAILED one may
     * still be backing off: check {@link JobRecord#isActivatableAt}). A live view: do not change jobs meanwhile.
     */
    public Collection<Long> activatableJobKeys(String type) {
        return activatableJobsByType.keys(type);
    }

    /** The buffered message with this name, correlation key and message id, if one is kept (expired or not). */
    public MessageRecord messageWithId(String name, String correlationKey, String messageId) {
        String id = messageIdentity(name, correlationKey, messageId);
        if (id == null) {
            return null;
        }
        Long key = messagesById.get(id);
        return key == null ? null : get(RecordKind.MESSAGE, key);
    }

    /** Keys of the timers due at {@code now}, earliest first (ties in key order). */
    public List<Long> dueTimerKeys(long now) {
        return timersByDueDate.dueAt(now);
    }

    /** Keys of the ACTIVATED jobs whose deadline passed, earliest first. */
    public List<Long> jobsPastDeadline(long now) {
        return jobDeadlines.dueAt(now);
    }

    /** Keys of the FAILED jobs with retries left whose back-off is over, earliest first. */
    public List<Long> jobsDoneBackingOff(long now) {
        return jobBackOffs.dueAt(now);
    }

    /** Keys of the buffered messages whose time to live is over, earliest first. */
    public List<Long> expiredMessageKeys(long now) {
        return messageExpiry.dueAt(now);
    }

    /** Buffered messages (expired or not) with this name and correlation key, oldest first. */
    public List<MessageRecord> bufferedMessages(String name, String correlationKey) {
        return records(RecordKind.MESSAGE, messagesByCorrelation.keys(correlation(name, correlationKey)));
    }

    /**
     * Keys of the user tasks in memory with this state and candidate group (null: any), in key order; a live,
     * read-only view for the processing thread.
     */
    public NavigableSet<Long> userTaskKeys(UserTaskState state, String candidateGroup) {
        return userTasksByStateAndGroup.keys(new TaskGroup(state, candidateGroup));
    }

    /** Keys of the process instances that have at least one ACTIVE incident: a live, read-only view. */
    public Set<Long> processInstancesWithActiveIncidents() {
        return activeIncidentsByProcessInstance.buckets();
    }

    public boolean hasActiveIncident(long processInstanceKey) {
        return !activeIncidentsByProcessInstance.keys(processInstanceKey).isEmpty();
    }

    public List<IncidentRecord> activeIncidentsOfProcessInstance(long processInstanceKey) {
        return records(RecordKind.INCIDENT, activeIncidentsByProcessInstance.keys(processInstanceKey));
    }

    /** Incidents (active or resolved) raised on one element instance, oldest first. */
    public List<IncidentRecord> incidentsOfElementInstance(long elementInstanceKey) {
        return records(RecordKind.INCIDENT, incidentsByElementInstance.keys(elementInstanceKey));
    }

    /** Incidents (active or resolved) raised for one job, oldest first. */
    public List<IncidentRecord> incidentsOfJob(long jobKey) {
        return records(RecordKind.INCIDENT, incidentsByJob.keys(jobKey));
    }

    public List<IncidentRecord> incidents(IncidentState state) {
        return records(RecordKind.INCIDENT, incidentsByState.keys(state));
    }

    public int incidentCount(IncidentState state) {
        return incidentsByState.keys(state).size();
    }

    /** Whether an ACTIVE instance of this process was started by a message with this correlation key. */
    public boolean hasActiveInstanceStartedBy(String bpmnProcessId, String correlationKey) {
        return !activeInstancesByStartCorrelation.keys(correlation(bpmnProcessId, correlationKey)).isEmpty();
    }

    /** Every version of one process, in key order (so in version order). */
    public List<ProcessDefinitionRecord> processDefinitions(String bpmnProcessId) {
        return records(RecordKind.PROCESS_DEFINITION, definitionsByProcessId.keys(bpmnProcessId));
    }

    /** The highest version of one process (the first deployed of equal versions), or null. */
    public ProcessDefinitionRecord latestProcessDefinition(String bpmnProcessId) {
        ProcessDefinitionRecord latest = null;
        for (ProcessDefinitionRecord definition : processDefinitions(bpmnProcessId)) {
            if (latest == null || definition.version > latest.version) {
                latest = definition;
            }
        }
        return latest;
    }

    /** The latest version of every deployed process, in the order the processes were first deployed. */
    public List<ProcessDefinitionRecord> latestProcessDefinitions() {
        List<ProcessDefinitionRecord> latest = new ArrayList<>();
        for (String bpmnProcessId : definitionsByProcessId.buckets()) {
            latest.add(latestProcessDefinition(bpmnProcessId));
        }
        latest.sort(Comparator.comparingLong(
                definition -> definitionsByProcessId.keys(definition.bpmnProcessId).iterator().next()));
        return latest;
    }

    /** The highest version of one form (the first deployed of equal versions), or null. */
    public FormRecord latestForm(String formId) {
        FormRecord latest = null;
        for (FormRecord form : this.<FormRecord>records(RecordKind.FORM, formsByFormId.keys(formId))) {
            if (latest == null || form.version > latest.version) {
                latest = form;
            }
        }
        return latest;
    }

    private <T extends EngineRecord> List<T> records(RecordKind kind, Collection<Long> keys) {
        List<T> result = new ArrayList<>(keys.size());
        for (Long key : keys) {
            T record = get(kind, key);
            if (record != null) {
                result.add(record);
            }
        }
        return result;
    }
}
