package org.opensafeguarding.engine.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every index of {@link EngineState} answers exactly what a scan of all records would, after every step of a long
 * random run of puts (new records, records changed in place, records replaced by a copy), removes, reloads
 * through JSON (as the store does) and purges. An index that drifts fails here, not silently in production.
 */
class EngineStateIndexTest {

    private static final String[] NAMES = {"a", "b", "c"};
    private static final String[] CORRELATION_KEYS = {"k1", "k2", ""};
    private static final String[] JOB_TYPES = {"mail", "print"};
    private static final String[] MESSAGE_IDS = {null, "", "m1", "m2"};
    /** 0 is what timer start events wait on (no element instance), as in TimerStartEvents. */
    private static final long[] ELEMENTS = {0, 11, 12, 13, 14};
    private static final long[] INSTANCES = {101, 102, 103};
    private static final String[] GROUPS = {"lado", "scr", "cdop"};

    /** The store's JSON settings: public fields only, unknown properties ignored. */
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private Random random;
    private EngineState state;

    @Test
    void indexesAnswerWhatAFullScanWouldThroughALongRandomRun() throws Exception {
        for (long seed = 1; seed <= 4; seed++) {
            random = new Random(seed);
            state = new EngineState();
            for (int step = 0; step < 2_500; step++) {
                String action = step();
                checkEveryIndex("seed " + seed + ", step " + step + " (" + action + ")");
            }
        }
    }

    // ---------------------------------------------------------------- the random run

    private String step() throws Exception {
        int roll = random.nextInt(1000);
        if (roll < 4) {
            state.purge();
            return "purge";
        }
        if (roll < 20) {
            reload();
            return "reload";
        }
        RecordKind kind = pick(RecordKind.JOB, RecordKind.TIMER, RecordKind.MESSAGE, RecordKind.MESSAGE_SUBSCRIPTION,
                RecordKind.INCIDENT, RecordKind.PROCESS_INSTANCE, RecordKind.PROCESS_DEFINITION, RecordKind.FORM,
                RecordKind.USER_TASK);
        List<EngineRecord> existing = new ArrayList<>(state.all(kind));
        int what = random.nextInt(10);
        if (existing.isEmpty() || what < 4) {
            EngineRecord created = create(kind);
            if (created == null) {
                return "nothing";
            }
            state.put(created);
            return "create " + kind;
        }
        EngineRecord record = existing.get(random.nextInt(existing.size()));
        if (what < 8) {
            change(record);
            state.put(random.nextBoolean() ? record : copy(record));
            return "change " + kind;
        }
        state.remove(record);
        return "remove " + kind;
    }

    /** Writes everything out as JSON and loads it into a new state, as a restart does. */
    private void reload() throws Exception {
        List<EngineRecord> records = new ArrayList<>();
        for (RecordKind kind : RecordKind.values()) {
            for (EngineRecord record : state.all(kind)) {
                records.add(copy(record));
            }
        }
        records.sort(Comparator.comparingLong(record -> record.key));
        EngineState fresh = new EngineState();
        fresh.restore(records, Map.of(EngineState.META_NEXT_KEY, state.newKey()));
        state = fresh;
    }

    private EngineRecord copy(EngineRecord record) throws Exception {
        return json.readValue(json.writeValueAsString(record), record.kind().type());
    }

    private EngineRecord create(RecordKind kind) {
        switch (kind) {
            case JOB -> {
                JobRecord job = new JobRecord();
                job.type = pick(JOB_TYPES);
                job.elementInstanceKey = pick(ELEMENTS);
                job.processInstanceKey = pick(INSTANCES);
                change(job);
                return keyed(job);
            }
            case TIMER -> {
                TimerRecord timer = new TimerRecord();
                timer.elementInstanceKey = pick(ELEMENTS);
                timer.processInstanceKey = pick(INSTANCES);
                timer.processDefinitionKey = random.nextInt(3);
                change(timer);
                return keyed(timer);
            }
            case MESSAGE -> {
                MessageRecord message = new MessageRecord();
                message.name = pick(NAMES);
                message.correlationKey = pick(CORRELATION_KEYS);
                message.messageId = pick(MESSAGE_IDS);
                if (message.messageId != null && !message.messageId.isEmpty()
                        && scanMessageWithId(message.name, message.correlationKey, message.messageId) != null) {
                    return null; // publication refuses a duplicate id, so the state never holds two
                }
                change(message);
                return keyed(message);
            }
            case MESSAGE_SUBSCRIPTION -> {
                MessageSubscriptionRecord subscription = new MessageSubscriptionRecord();
                subscription.messageName = pick(NAMES);
                subscription.correlationKey = pick(CORRELATION_KEYS);
                subscription.elementInstanceKey = pick(ELEMENTS);
                subscription.processInstanceKey = pick(INSTANCES);
                change(subscription);
                return keyed(subscription);
            }
            case INCIDENT -> {
                IncidentRecord incident = new IncidentRecord();
                incident.processInstanceKey = pick(INSTANCES);
                incident.elementInstanceKey = pick(ELEMENTS);
                incident.jobKey = random.nextBoolean() ? null : (long) random.nextInt(4);
                change(incident);
                return keyed(incident);
            }
            case PROCESS_INSTANCE -> {
                ProcessInstanceRecord instance = new ProcessInstanceRecord();
                instance.bpmnProcessId = pick(NAMES);
                change(instance);
                return keyed(instance);
            }
            case PROCESS_DEFINITION -> {
                ProcessDefinitionRecord definition = new ProcessDefinitionRecord();
                definition.bpmnProcessId = pick(NAMES);
                definition.version = 1 + random.nextInt(3);
                return keyed(definition);
            }
            case USER_TASK -> {
                UserTaskRecord task = new UserTaskRecord();
                task.elementInstanceKey = pick(ELEMENTS);
                task.processInstanceKey = pick(INSTANCES);
                change(task);
                return keyed(task);
            }
            case FORM -> {
                FormRecord form = new FormRecord();
                form.formId = pick(NAMES);
                form.version = 1 + random.nextInt(3);
                return keyed(form);
            }
            default -> throw new IllegalArgumentException(kind.name());
        }
    }

    /** Changes what the engine changes in place: states, due times, retries, the starting correlation key. */
    private void change(EngineRecord record) {
        if (record instanceof JobRecord job) {
            job.state = pick(JobState.values());
            job.retries = random.nextInt(3);
            job.deadline = time();
            job.retryAt = time();
        } else if (record instanceof TimerRecord timer) {
            timer.dueDate = time();
        } else if (record instanceof MessageRecord message) {
            message.expiresAt = time();
        } else if (record instanceof MessageSubscriptionRecord subscription) {
            subscription.state = pick(MessageSubscriptionState.values());
        } else if (record instanceof IncidentRecord incident) {
            incident.state = pick(IncidentState.values());
        } else if (record instanceof ProcessInstanceRecord instance) {
            instance.state = pick(ProcessInstanceState.values());
            instance.startedByCorrelationKey = random.nextInt(3) == 0 ? null : pick(CORRELATION_KEYS);
        } else if (record instanceof ProcessDefinitionRecord definition) {
            definition.version = 1 + random.nextInt(3);
        } else if (record instanceof FormRecord form) {
            form.version = 1 + random.nextInt(3);
        } else if (record instanceof UserTaskRecord task) {
            task.state = pick(UserTaskState.values());
            // changed in place, as a task update does: zero to all groups, sometimes one twice
            task.candidateGroups.clear();
            for (String group : GROUPS) {
                if (random.nextInt(3) == 0) {
                    task.candidateGroups.add(group);
                }
            }
            if (!task.candidateGroups.isEmpty() && random.nextInt(10) == 0) {
                task.candidateGroups.add(task.candidateGroups.get(0));
            }
        }
    }

    /** Few distinct times, so that ties (ordered by key) are common. */
    private long time() {
        return 1_000L * random.nextInt(20);
    }

    private <T extends EngineRecord> T keyed(T record) {
        record.key = state.newKey();
        return record;
    }

    @SafeVarargs
    private <T> T pick(T... values) {
        return values[random.nextInt(values.length)];
    }

    private long pick(long... values) {
        return values[random.nextInt(values.length)];
    }

    // ---------------------------------------------------------------- indexes against scans

    private void checkEveryIndex(String where) {
        for (long now : new long[] {-1, time(), time(), 19_000, Long.MAX_VALUE}) {
            assertThat(state.dueTimerKeys(now)).as(where + ": timers due at " + now)
                    .containsExactlyElementsOf(dueScan(RecordKind.TIMER, (TimerRecord t) -> true,
                            t -> t.dueDate, now));
            assertThat(state.jobsPastDeadline(now)).as(where + ": job deadlines at " + now)
                    .containsExactlyElementsOf(dueScan(RecordKind.JOB, (JobRecord j) -> j.state == JobState.ACTIVATED,
                            j -> j.deadline, now));
            assertThat(state.jobsDoneBackingOff(now)).as(where + ": back-offs at " + now)
                    .containsExactlyElementsOf(dueScan(RecordKind.JOB,
                            (JobRecord j) -> j.state == JobState.FAILED && j.retries > 0, j -> j.retryAt, now));
            assertThat(state.expiredMessageKeys(now)).as(where + ": messages expired at " + now)
                    .containsExactlyElementsOf(dueScan(RecordKind.MESSAGE, (MessageRecord m) -> true,
                            m -> m.expiresAt, now));
        }
        for (String type : JOB_TYPES) {
            assertThat(state.activatableJobKeys(type)).as(where + ": activatable " + type)
                    .containsExactlyElementsOf(keys(scan(RecordKind.JOB, (JobRecord j) -> type.equals(j.type)
                            && (j.state == JobState.CREATED || (j.state == JobState.FAILED && j.retries > 0)))));
        }
        for (String name : NAMES) {
            for (String correlationKey : CORRELATION_KEYS) {
                assertThat(keys(state.openSubscriptions(name, correlationKey)))
                        .as(where + ": open subscriptions " + name + "/" + correlationKey)
                        .containsExactlyElementsOf(keys(scan(RecordKind.MESSAGE_SUBSCRIPTION,
                                (MessageSubscriptionRecord s) -> name.equals(s.messageName)
                                        && correlationKey.equals(s.correlationKey)
                                        && s.state == MessageSubscriptionState.CREATED)));
                assertThat(keys(state.bufferedMessages(name, correlationKey)))
                        .as(where + ": messages " + name + "/" + correlationKey)
                        .containsExactlyElementsOf(keys(scan(RecordKind.MESSAGE, (MessageRecord m) ->
                                name.equals(m.name) && correlationKey.equals(m.correlationKey))));
                for (String messageId : MESSAGE_IDS) {
                    assertThat(state.messageWithId(name, correlationKey, messageId))
                            .as(where + ": message id " + messageId)
                            .isSameAs(scanMessageWithId(name, correlationKey, messageId));
                }
                assertThat(state.hasActiveInstanceStartedBy(name, correlationKey))
                        .as(where + ": instance started by " + name + "/" + correlationKey)
                        .isEqualTo(!correlationKey.isEmpty() && !scan(RecordKind.PROCESS_INSTANCE,
                                (ProcessInstanceRecord i) -> i.state == ProcessInstanceState.ACTIVE
                                        && name.equals(i.bpmnProcessId)
                                        && correlationKey.equals(i.startedByCorrelationKey)).isEmpty());
            }
            assertThat(keys(state.processDefinitions(name))).as(where + ": definitions " + name)
                    .containsExactlyElementsOf(keys(scan(RecordKind.PROCESS_DEFINITION,
                            (ProcessDefinitionRecord d) -> name.equals(d.bpmnProcessId))));
            assertThat(state.latestProcessDefinition(name)).as(where + ": latest definition " + name)
                    .isSameAs(latestScan(scan(RecordKind.PROCESS_DEFINITION,
                            (ProcessDefinitionRecord d) -> name.equals(d.bpmnProcessId)), d -> d.version));
            assertThat(state.latestForm(name)).as(where + ": latest form " + name)
                    .isSameAs(latestScan(scan(RecordKind.FORM, (FormRecord f) -> name.equals(f.formId)),
                            f -> f.version));
        }
        assertThat(state.latestProcessDefinitions()).as(where + ": latest definitions")
                .containsExactlyElementsOf(latestDefinitionsScan());

        Set<Long> withIncidents = new HashSet<>();
        for (IncidentRecord incident : state.<IncidentRecord>all(RecordKind.INCIDENT)) {
            if (incident.state == IncidentState.ACTIVE) {
                withIncidents.add(incident.processInstanceKey);
            }
        }
        assertThat(state.processInstancesWithActiveIncidents()).as(where + ": instances with incidents")
                .containsExactlyInAnyOrderElementsOf(withIncidents);
        for (long instance : INSTANCES) {
            assertThat(state.hasActiveIncident(instance)).as(where).isEqualTo(withIncidents.contains(instance));
            assertThat(keys(state.activeIncidentsOfProcessInstance(instance))).as(where + ": incidents of " + instance)
                    .containsExactlyElementsOf(keys(scan(RecordKind.INCIDENT, (IncidentRecord i) ->
                            i.processInstanceKey == instance && i.state == IncidentState.ACTIVE)));
        }
        for (long element : ELEMENTS) {
            assertThat(keys(state.incidentsOfElementInstance(element))).as(where + ": incidents on " + element)
                    .containsExactlyElementsOf(keys(scan(RecordKind.INCIDENT,
                            (IncidentRecord i) -> i.elementInstanceKey == element)));
            assertThat(keys(state.waitsOf(element))).as(where + ": waits of " + element)
                    .containsExactlyInAnyOrderElementsOf(keys(waitsScan(element)));
        }
        for (long job = 0; job < 4; job++) {
            long jobKey = job;
            assertThat(keys(state.incidentsOfJob(jobKey))).as(where + ": incidents of job " + jobKey)
                    .containsExactlyElementsOf(keys(scan(RecordKind.INCIDENT,
                            (IncidentRecord i) -> Objects.equals(i.jobKey, jobKey))));
        }
        List<UserTaskState> taskStates = new ArrayList<>(List.of(UserTaskState.values()));
        taskStates.add(null);
        List<String> groups = new ArrayList<>(List.of(GROUPS));
        groups.add(null);
        for (UserTaskState taskState : taskStates) {
            for (String group : groups) {
                assertThat(state.userTaskKeys(taskState, group)).as(where + ": user tasks " + taskState + "/" + group)
                        .containsExactlyElementsOf(keys(scan(RecordKind.USER_TASK, (UserTaskRecord t) ->
                                (taskState == null || t.state == taskState)
                                        && (group == null || t.candidateGroups.contains(group)))));
            }
        }
        for (IncidentState incidentState : IncidentState.values()) {
            List<IncidentRecord> expected = scan(RecordKind.INCIDENT, (IncidentRecord i) -> i.state == incidentState);
            assertThat(keys(state.incidents(incidentState))).as(where + ": incidents " + incidentState)
                    .containsExactlyElementsOf(keys(expected));
            assertThat(state.incidentCount(incidentState)).isEqualTo(expected.size());
        }
    }

    /** Records of a kind that match, in key order. */
    private <T extends EngineRecord> List<T> scan(RecordKind kind, Predicate<T> wanted) {
        List<T> result = new ArrayList<>();
        for (T record : state.<T>all(kind)) {
            if (wanted.test(record)) {
                result.add(record);
            }
        }
        result.sort(Comparator.comparingLong(record -> record.key));
        return result;
    }

    /** Keys of the matching records due at {@code now}, by due time and then key. */
    private <T extends EngineRecord> List<Long> dueScan(RecordKind kind, Predicate<T> wanted, ToLongFunction<T> due,
                                                        long now) {
        List<T> matching = scan(kind, record -> wanted.test(record) && due.applyAsLong(record) <= now);
        matching.sort(Comparator.<T>comparingLong(due).thenComparingLong(record -> record.key));
        return keys(matching);
    }

    private <T extends EngineRecord> T latestScan(List<T> candidates, ToLongFunction<T> version) {
        T latest = null;
        for (T candidate : candidates) {
            if (latest == null || version.applyAsLong(candidate) > version.applyAsLong(latest)) {
                latest = candidate;
            }
        }
        return latest;
    }

    /** What EngineCommands computed before the index: the latest per process, in first-deployed order. */
    private List<ProcessDefinitionRecord> latestDefinitionsScan() {
        Map<String, ProcessDefinitionRecord> latest = new LinkedHashMap<>();
        for (ProcessDefinitionRecord definition : scan(RecordKind.PROCESS_DEFINITION,
                (ProcessDefinitionRecord d) -> true)) {
            latest.merge(definition.bpmnProcessId, definition, (a, b) -> a.version >= b.version ? a : b);
        }
        return List.copyOf(latest.values());
    }

    private MessageRecord scanMessageWithId(String name, String correlationKey, String messageId) {
        if (messageId == null || messageId.isBlank()) {
            return null;
        }
        List<MessageRecord> found = scan(RecordKind.MESSAGE, (MessageRecord m) -> name.equals(m.name)
                && correlationKey.equals(m.correlationKey) && messageId.equals(m.messageId));
        return found.isEmpty() ? null : found.get(0);
    }

    private List<EngineRecord> waitsScan(long element) {
        List<EngineRecord> waits = new ArrayList<>();
        waits.addAll(scan(RecordKind.JOB, (JobRecord j) -> j.elementInstanceKey == element));
        waits.addAll(scan(RecordKind.TIMER, (TimerRecord t) -> t.elementInstanceKey == element));
        waits.addAll(scan(RecordKind.USER_TASK, (UserTaskRecord t) -> t.elementInstanceKey == element));
        waits.addAll(scan(RecordKind.MESSAGE_SUBSCRIPTION,
                (MessageSubscriptionRecord s) -> s.elementInstanceKey == element));
        return waits;
    }

    private static List<Long> keys(Collection<? extends EngineRecord> records) {
        List<Long> keys = new ArrayList<>();
        for (EngineRecord record : records) {
            keys.add(record.key);
        }
        return keys;
    }

    @Test
    void dueQueueMovesAKeyWhoseTimeChangedAndKeepsTiesInKeyOrder() {
        DueQueue queue = new DueQueue();
        queue.put(3, 100);
        queue.put(1, 100);
        queue.put(2, 50);
        queue.put(3, 10);
        assertThat(queue.dueAt(100)).containsExactly(3L, 2L, 1L);
        assertThat(queue.dueAt(49)).containsExactly(3L);
        queue.remove(2);
        queue.remove(99);
        assertThat(queue.keys()).containsExactly(3L, 1L);
    }

    @Test
    void keyBucketsMoveARecordWhoseGroupChanged() {
        KeyBuckets<String> buckets = new KeyBuckets<>();
        buckets.put(5, "x");
        buckets.put(4, "x");
        buckets.put(5, "y");
        assertThat(buckets.keys("x")).containsExactly(4L);
        assertThat(buckets.keys("y")).containsExactly(5L);
        buckets.put(4, null);
        assertThat(buckets.buckets()).containsExactly("y");
        assertThat(new TreeSet<>(buckets.keys("nothing"))).isEmpty();
    }
}
