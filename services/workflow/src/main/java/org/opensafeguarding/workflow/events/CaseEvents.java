package org.opensafeguarding.workflow.events;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.outbox.OutboxWriter;
import org.opensafeguarding.workflow.pseudonym.AgeBand;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The only way case events are written. Each method must run inside the transaction that makes the change
 * (the outbox row commits with it or not at all), and each takes codes, dates and keys only: the arguments
 * are checked so free text cannot reach the topic even by mistake.
 */
@Component
@EnableConfigurationProperties(CaseEventProperties.class)
public class CaseEvents {

    public static final String DATASCHEMA = "https://opensafeguarding.org/schemas/case-events/case-event.v1.json";

    /**
     * Envelope extension attribute of an event written by the history import (docs/import.md): {@code true}, and the
     * event is dated by the imported case's own dates rather than by when it was written.
     */
    public static final String IMPORTED = "imported";

    private static final Pattern CODE = Pattern.compile("^[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}$");
    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private final CaseRepository cases;
    private final OutboxWriter outbox;
    private final CaseEventLog log;
    private final Pseudonymiser pseudonyms;
    private final ObjectMapper json;
    private final CaseEventProperties properties;
    private final Clock clock;
    private final boolean imported;

    @Autowired
    public CaseEvents(CaseRepository cases, OutboxWriter outbox, CaseEventLog log, Pseudonymiser pseudonyms,
                      ObjectMapper json, CaseEventProperties properties, Clock clock) {
        this.cases = cases;
        this.outbox = outbox;
        this.log = log;
        this.pseudonyms = pseudonyms;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.imported = false;
    }

    private CaseEvents(CaseEvents live, LocalDate day) {
        this.cases = live.cases;
        this.outbox = live.outbox;
        this.log = live.log;
        this.pseudonyms = live.pseudonyms;
        this.json = live.json;
        this.properties = live.properties;
        this.clock = Clock.fixed(day.atStartOfDay(LONDON).toInstant(), LONDON);
        this.imported = true;
    }

    /**
     * The same events for a case brought in from a previous system (history import, docs/import.md): each dated
     * {@code day}, the business date the row gives for it, and marked {@link #IMPORTED}, so year-on-year reporting
     * counts it in its own year and can still tell it from live work. Call it inside the import's transaction.
     */
    public CaseEvents imported(LocalDate day) {
        return new CaseEvents(this, Objects.requireNonNull(day, "day"));
    }

    /**
     * @param categories reporting categories of the referral: each value a code, a boolean, an integer or a list
     *                   of codes (anything else is refused)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void caseOpened(CaseId caseId, String referralKind, String channel, AgeBand ageBand,
                           Map<String, ?> categories) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        data.put("referralKind", code("referralKind", referralKind));
        data.put("channel", code("channel", channel));
        data.put("triggerDate", c.triggerDate().toString());
        data.put("ageBand", ageBand.code());
        ObjectNode cats = data.putObject("categories");
        categories.forEach((name, value) -> putCategory(cats, code("category name", name), value));
        write(c, CaseEventType.CASE_OPENED, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void taskCreated(CaseId caseId, long taskKey, String taskType, LocalDate dueOn) {
        CaseRecord c = load(caseId);
        ObjectNode data = task(c, taskKey, taskType);
        if (dueOn != null) {
            data.put("dueOn", dueOn.toString());
        }
        write(c, CaseEventType.TASK_CREATED, data);
    }

    /** @param assigneeRole the role the task went to (e.g. {@code lado}); never the person */
    @Transactional(propagation = Propagation.MANDATORY)
    public void taskAssigned(CaseId caseId, long taskKey, String taskType, String assigneeRole) {
        CaseRecord c = load(caseId);
        ObjectNode data = task(c, taskKey, taskType);
        data.put("assigneeRole", code("assigneeRole", assigneeRole));
        write(c, CaseEventType.TASK_ASSIGNED, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void taskCompleted(CaseId caseId, long taskKey, String taskType) {
        taskCompleted(caseId, taskKey, taskType, Map.of());
    }

    /**
     * @param businessDates the days the completed form records things happened on (a meeting held, a decision
     *                      made), by form field name; days only, so no time of day leaves the service
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void taskCompleted(CaseId caseId, long taskKey, String taskType, Map<String, LocalDate> businessDates) {
        CaseRecord c = load(caseId);
        ObjectNode data = task(c, taskKey, taskType);
        if (!businessDates.isEmpty()) {
            ObjectNode dates = data.putObject("businessDates");
            businessDates.forEach((name, day) -> dates.put(code("business date name", name),
                    Objects.requireNonNull(day, name).toString()));
        }
        write(c, CaseEventType.TASK_COMPLETED, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void taskUnassigned(CaseId caseId, long taskKey, String taskType) {
        writeTask(CaseEventType.TASK_UNASSIGNED, caseId, taskKey, taskType);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void taskCanceled(CaseId caseId, long taskKey, String taskType) {
        writeTask(CaseEventType.TASK_CANCELED, caseId, taskKey, taskType);
    }

    /** The rationale stays in the case record; only the decision type, its outcome code and the role go out. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void decisionRecorded(CaseId caseId, String decisionType, String outcome, String decisionMakerRole) {
        decisionRecorded(caseId, decisionType, outcome, decisionMakerRole, Map.of());
    }

    /**
     * @param criteria each decision criterion (DOMAIN §7.3) by its form field name, as a boolean; the rationale
     *                 and any other free text stay in the case record
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void decisionRecorded(CaseId caseId, String decisionType, String outcome, String decisionMakerRole,
                                 Map<String, Boolean> criteria) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        data.put("decisionType", code("decisionType", decisionType));
        data.put("outcome", code("outcome", outcome));
        if (decisionMakerRole != null) {
            data.put("decisionMakerRole", code("decisionMakerRole", decisionMakerRole));
        }
        if (criteria != null && !criteria.isEmpty()) {
            ObjectNode values = data.putObject("criteria");
            criteria.forEach((name, value) -> values.put(code("criterion name", name),
                    Objects.requireNonNull(value, "criterion " + name).booleanValue()));
        }
        write(c, CaseEventType.DECISION_RECORDED, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineSet(CaseId caseId, String timescale, LocalDate dueOn) {
        writeDeadline(CaseEventType.DEADLINE_SET, caseId, timescale, dueOn);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineMet(CaseId caseId, String timescale, LocalDate dueOn) {
        writeDeadline(CaseEventType.DEADLINE_MET, caseId, timescale, dueOn);
    }

    /**
     * @param doneOn       the day the step was done: the form's business date, else the day it was completed
     * @param recordedLate the completion came after the due date (a step done in time and recorded later; such an
     *                     event may follow a {@code deadline.breached} of the same timescale and due day, and then
     *                     supersedes it)
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineMet(CaseId caseId, String timescale, LocalDate dueOn, LocalDate doneOn, boolean recordedLate) {
        CaseRecord c = load(caseId);
        ObjectNode data = deadline(c, timescale, dueOn);
        data.put("doneOn", Objects.requireNonNull(doneOn, "doneOn").toString());
        data.put("recordedLate", recordedLate);
        write(c, CaseEventType.DEADLINE_MET, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineBreached(CaseId caseId, String timescale, LocalDate dueOn) {
        writeDeadline(CaseEventType.DEADLINE_BREACHED, caseId, timescale, dueOn);
    }

    /** A breach a completion found: the step was done, on {@code doneOn}, after its last day on time. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineBreached(CaseId caseId, String timescale, LocalDate dueOn, LocalDate doneOn) {
        CaseRecord c = load(caseId);
        ObjectNode data = deadline(c, timescale, dueOn);
        data.put("doneOn", Objects.requireNonNull(doneOn, "doneOn").toString());
        write(c, CaseEventType.DEADLINE_BREACHED, data);
    }

    /** The case closed while this deadline was neither met nor breached (see {@code Deadlines#lapseOpen}). */
    @Transactional(propagation = Propagation.MANDATORY)
    public void deadlineLapsed(CaseId caseId, String timescale, LocalDate dueOn) {
        writeDeadline(CaseEventType.DEADLINE_LAPSED, caseId, timescale, dueOn);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void outcomeRecorded(CaseId caseId, String outcomeType, String outcome) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        data.put("outcomeType", code("outcomeType", outcomeType));
        data.put("outcome", code("outcome", outcome));
        write(c, CaseEventType.OUTCOME_RECORDED, data);
    }

    /**
     * @param notice     what was sent, as a code ({@code scr-not-initiated}, {@code rapid-review}, {@code ncmd-notified})
     * @param recipients who it went to, as role or body codes ({@code national-panel}, {@code ofsted}); never people
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void noticeSent(CaseId caseId, String notice, List<String> recipients) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        data.put("notice", code("notice", notice));
        ArrayNode to = data.putArray("recipients");
        for (String recipient : recipients) {
            to.add(code("recipients", recipient));
        }
        write(c, CaseEventType.NOTICE_SENT, data);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public void caseClosed(CaseId caseId, String closureReason) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        if (closureReason != null) {
            data.put("closureReason", code("closureReason", closureReason));
        }
        write(c, CaseEventType.CASE_CLOSED, data);
    }

    /** A break-glass grant on a restricted case: the role only, never who or why. */
    @Transactional(propagation = Propagation.MANDATORY)
    public void breakGlass(CaseId caseId, String accessRole) {
        CaseRecord c = load(caseId);
        ObjectNode data = common(c);
        data.put("accessRole", code("accessRole", accessRole));
        write(c, CaseEventType.ACCESS_BREAK_GLASS, data);
    }

    private CaseRecord load(CaseId caseId) {
        return cases.find(caseId).orElseThrow(() -> new IllegalArgumentException("no case " + caseId));
    }

    private ObjectNode common(CaseRecord c) {
        ObjectNode data = json.createObjectNode();
        data.put("case", pseudonyms.of(c.id()));
        data.put("caseType", c.type().name());
        data.put("processVersion", c.processVersion());
        data.put("tenant", c.tenant());
        // dates to the day, in the local time the guidance counts in
        data.put("occurredOn", LocalDate.now(clock.withZone(LONDON)).toString());
        return data;
    }

    private ObjectNode task(CaseRecord c, long taskKey, String taskType) {
        ObjectNode data = common(c);
        data.put("task", pseudonyms.ofTask(taskKey));
        data.put("taskType", code("taskType", taskType));
        return data;
    }

    private void writeTask(CaseEventType type, CaseId caseId, long taskKey, String taskType) {
        CaseRecord c = load(caseId);
        write(c, type, task(c, taskKey, taskType));
    }

    private void writeDeadline(CaseEventType type, CaseId caseId, String timescale, LocalDate dueOn) {
        CaseRecord c = load(caseId);
        write(c, type, deadline(c, timescale, dueOn));
    }

    private ObjectNode deadline(CaseRecord c, String timescale, LocalDate dueOn) {
        ObjectNode data = common(c);
        data.put("timescale", code("timescale", timescale));
        data.put("dueOn", Objects.requireNonNull(dueOn, "dueOn").toString());
        return data;
    }

    private void write(CaseRecord c, CaseEventType type, ObjectNode data) {
        long sequence = cases.nextEventSequence(c.id());
        String pseudonym = pseudonyms.of(c.id());
        UUID eventId = UUID.randomUUID();
        ObjectNode envelope = json.createObjectNode();
        envelope.put(CloudEvents.SPECVERSION, CloudEvents.SPEC_VERSION);
        envelope.put(CloudEvents.ID, eventId.toString());
        envelope.put(CloudEvents.SOURCE, properties.source());
        envelope.put(CloudEvents.TYPE, type.cloudEventType());
        envelope.put(CloudEvents.SUBJECT, pseudonym);
        envelope.put(CloudEvents.DATACONTENTTYPE, CloudEvents.JSON);
        envelope.put(CloudEvents.DATASCHEMA, DATASCHEMA);
        envelope.put(CloudEvents.PARTITIONKEY, pseudonym);
        envelope.put(CloudEvents.SEQUENCE, Long.toString(sequence));
        if (imported) {
            envelope.put(IMPORTED, true);
        }
        envelope.set(CloudEvents.DATA, data);
        outbox.append(eventId, c.id(), pseudonym, type.cloudEventType(), envelope);
        log.append(eventId, c.id(), type.cloudEventType(), sequence, clock.instant(), data);
    }

    private static String code(String what, String value) {
        if (value == null || !CODE.matcher(value).matches()) {
            throw new IllegalArgumentException(what + " must be a code (letters, digits, _ . : -, at most 64 "
                    + "characters, no spaces); free text never goes into a case event");
        }
        return value;
    }

    private static void putCategory(ObjectNode into, String name, Object value) {
        if (value == null) {
            return;
        }
        if (value instanceof Boolean b) {
            into.put(name, b);
        } else if (value instanceof Integer || value instanceof Long) {
            into.put(name, ((Number) value).longValue());
        } else if (value instanceof String s) {
            into.put(name, code(name, s));
        } else if (value instanceof Iterable<?> items) {
            ArrayNode array = into.putArray(name);
            for (Object item : items) {
                if (!(item instanceof String s)) {
                    throw new IllegalArgumentException(name + " must be a list of codes");
                }
                array.add(code(name, s));
            }
        } else if (value instanceof JsonNode) {
            throw new IllegalArgumentException(name + ": pass plain values, not JSON, so they can be checked");
        } else {
            throw new IllegalArgumentException(name + " must be a code, a boolean, a whole number or a list of codes");
        }
    }
}
