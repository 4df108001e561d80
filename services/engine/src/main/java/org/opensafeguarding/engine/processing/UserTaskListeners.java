package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListenerEventType;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.UserTaskRecord.Transition;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.UserTaskState;

/**
 * Camunda 8.8 user task listeners: a lifecycle change of a user task (creating, assigning, updating, completing,
 * canceling) runs the task's listeners for that event one after the other, each as a job of kind TASK_LISTENER, and
 * takes effect only when the last of them has completed. A listener may correct the task's attributes, or deny an
 * assignment, update or completion, which leaves the task as it was.
 *
 * <p>One deliberate difference: canceling listeners do not hold up the cancellation. The task and its element end at
 * once (termination here is one synchronous step of the command that causes it); the canceling listeners' jobs are
 * created then and run afterwards, so a worker still learns of every cancellation.
 */
public final class UserTaskListeners {

    static final String CREATING = "CREATING";
    static final String ASSIGNING = "ASSIGNING";
    static final String UPDATING = "UPDATING";
    static final String COMPLETING = "COMPLETING";
    static final String CANCELING = "CANCELING";

    /** What a listener job's completion says about the transition (Camunda's job result of type userTask). */
    public record Result(boolean denied, String deniedReason, Corrections corrections) {
        public static final Result NONE = new Result(false, null, null);
    }

    /** Attributes a listener corrects; null leaves one as it is, an empty value clears it. */
    public record Corrections(String assignee, String dueDate, String followUpDate, List<String> candidateUsers,
                       List<String> candidateGroups, Integer priority) {
    }

    private final ProcessExecutor executor;
    private final EngineState state;
    private final FeelExpressions feel;
    private final ExecutionListener listener;

    UserTaskListeners(ProcessExecutor executor, EngineState state, FeelExpressions feel, ExecutionListener listener) {
        this.executor = executor;
        this.state = state;
        this.feel = feel;
        this.listener = listener;
    }

    /** The 8.8 event name of a listener; the names 8.6 used (create, assignment, ...) mean the same events. */
    static String eventType(ZeebeTaskListenerEventType type) {
        return switch (type) {
            case create, creating -> CREATING;
            case assignment, assigning -> ASSIGNING;
            case update, updating -> UPDATING;
            case complete, completing -> COMPLETING;
            case cancel, canceling -> CANCELING;
        };
    }

    private List<ZeebeTaskListener> listeners(UserTaskRecord task, String eventType) {
        FlowNode node = executor.model(task.processDefinitionKey).node(task.elementId);
        ZeebeTaskListeners all = node == null ? null : node.getSingleExtensionElement(ZeebeTaskListeners.class);
        List<ZeebeTaskListener> result = new ArrayList<>();
        if (all != null) {
            for (ZeebeTaskListener candidate : all.getTaskListeners()) {
                if (candidate.getEventType() != null && eventType(candidate.getEventType()).equals(eventType)) {
                    result.add(candidate);
                }
            }
        }
        return result;
    }

    // ------------------------------------------------------------------ beginning a transition

    /** A new task (already filled in, not yet stored): CREATING while creating listeners run, else CREATED. */
    void create(UserTaskRecord task) {
        Transition creating = transition(CREATING, "");
        if (task.assignee != null && !listeners(task, ASSIGNING).isEmpty()) {
            // as in 8.8, the model's assignee is assigned after creation, so assigning listeners see it too
            creating.initialAssignee = task.assignee;
            task.assignee = null;
        }
        if (listeners(task, CREATING).isEmpty()) {
            state.put(task);
            created(task, creating);
        } else {
            begin(task, creating);
        }
    }

    /** @return true when the change waits for listener jobs, false when it took effect now */
    boolean assign(UserTaskRecord task, String assignee, String action) {
        Transition assigning = transition(ASSIGNING, action);
        assigning.assignee = assignee;
        return beginOrApply(task, assigning);
    }

    boolean update(UserTaskRecord task, Transition updating) {
        return beginOrApply(task, updating);
    }

    boolean complete(UserTaskRecord task, Map<String, Object> variables, String action) {
        Transition completing = transition(COMPLETING, action);
        completing.variables = variables;
        return beginOrApply(task, completing);
    }

    /** The task was just canceled (its element is ending): its canceling listeners learn of it afterwards. */
    void canceled(UserTaskRecord task) {
        Transition interrupted = task.transition;
        task.transition = null;
        if (interrupted != null && !CREATING.equals(interrupted.eventType)) {
            listener.userTaskTransitionEnded(task.key, EngineException.notFound("Expected to " + verb(interrupted)
                    + " user task with key '" + task.key + "', but it was canceled"));
        }
        List<ZeebeTaskListener> canceling = listeners(task, CANCELING);
        if (!canceling.isEmpty()) {
            Transition transition = transition(CANCELING, "");
            task.transition = transition;
            transition.listenerJobKey = createJob(task, canceling.get(0), CANCELING);
        }
        state.put(task);
    }

    static Transition transition(String eventType, String action) {
        Transition transition = new Transition();
        transition.eventType = eventType;
        transition.action = action == null ? "" : action;
        return transition;
    }

    private boolean beginOrApply(UserTaskRecord task, Transition transition) {
        if (listeners(task, transition.eventType).isEmpty()) {
            apply(task, transition);
            return false;
        }
        begin(task, transition);
        return true;
    }

    private void begin(UserTaskRecord task, Transition transition) {
        task.state = UserTaskState.valueOf(transition.eventType);
        task.transition = transition;
        transition.listenerIndex = 0;
        transition.listenerJobKey = createJob(task, listeners(task, transition.eventType).get(0), transition.eventType);
        state.put(task);
    }

    private long createJob(UserTaskRecord task, ZeebeTaskListener definition, String eventType) {
        ElementInstanceRecord element = state.elementInstance(task.elementInstanceKey);
        Map<String, Object> context = executor.variables().visible(task.elementInstanceKey);
        String type = feel.evaluateString(definition.getType(), context, "EXTRACT_VALUE_ERROR", "task listener type");
        String retriesText = definition.getRetries() == null || definition.getRetries().isBlank()
                ? ZeebeTaskListener.DEFAULT_RETRIES : definition.getRetries();
        Object retries = feel.evaluate(retriesText, context, "EXTRACT_VALUE_ERROR");
        JobRecord job = new JobRecord();
        job.key = state.newKey();
        job.type = type;
        job.retries = retries instanceof Number n ? n.intValue() : Integer.parseInt(String.valueOf(retries).trim());
        job.customHeaders = new java.util.LinkedHashMap<>(task.customHeaders);
        job.jobKind = "TASK_LISTENER";
        job.listenerEventType = eventType;
        job.userTaskKey = task.key;
        executor.fillJobContext(job, element);
        state.put(job);
        listener.jobAvailable(job.type);
        return job.key;
    }

    // ------------------------------------------------------------------ a listener job completed

    /** Rejections first, so a refused completion changes nothing. */
    static void check(JobRecord job, UserTaskRecord task, Map<String, Object> variables, Result result) {
        if (variables != null && !variables.isEmpty()) {
            throw EngineException.invalid("variables: a task listener job is completed without variables; "
                    + "correct the task's attributes through the job result instead");
        }
        if (task == null || task.transition == null || task.transition.listenerJobKey != job.key) {
            throw EngineException.invalidState("Expected to complete task listener job with key '" + job.key
                    + "', but its user task is no longer waiting for it");
        }
        String event = task.transition.eventType;
        if (result.denied() && (CREATING.equals(event) || CANCELING.equals(event))) {
            throw EngineException.invalid("result.denied: a " + event.toLowerCase() + " listener cannot deny; "
                    + "only assigning, updating and completing listeners can");
        }
        Corrections c = result.corrections();
        if (c != null && CANCELING.equals(event)) {
            throw EngineException.invalid("result.corrections: a canceling listener cannot correct the task");
        }
        if (c != null && c.priority() != null && (c.priority() < 0 || c.priority() > 100)) {
            throw EngineException.invalid("result.corrections.priority: expected a value between 0 and 100, but was "
                    + c.priority());
        }
    }

    void listenerCompleted(JobRecord job, Result result) {
        UserTaskRecord task = state.get(org.opensafeguarding.engine.state.RecordKind.USER_TASK, job.userTaskKey);
        Transition transition = task.transition;
        if (result.denied()) {
            String reason = result.deniedReason() == null ? "" : result.deniedReason();
            task.transition = null;
            task.state = UserTaskState.CREATED;
            state.put(task);
            listener.userTaskTransitionEnded(task.key, EngineException.invalidState(capitalised(verb(transition))
                    + " of the User Task with key '" + task.key + "' was denied by Task Listener. Reason to deny: '"
                    + reason + "'"));
            return;
        }
        if (result.corrections() != null) {
            correct(task, transition, result.corrections());
        }
        List<ZeebeTaskListener> all = listeners(task, transition.eventType);
        int next = transition.listenerIndex + 1;
        if (next < all.size()) {
            transition.listenerIndex = next;
            transition.listenerJobKey = createJob(task, all.get(next), transition.eventType);
            state.put(task);
            return;
        }
        if (CANCELING.equals(transition.eventType)) {
            task.transition = null;
            state.put(task);
            return;
        }
        apply(task, transition);
    }

    private static void correct(UserTaskRecord task, Transition transition, Corrections c) {
        if (c.assignee() != null) {
            String assignee = c.assignee().isEmpty() ? null : c.assignee();
            if (ASSIGNING.equals(transition.eventType)) {
                transition.assignee = assignee;
            } else {
                task.assignee = assignee;
            }
        }
        if (c.dueDate() != null) {
            task.dueDate = c.dueDate().isEmpty() ? null : c.dueDate();
            transition.dueDate = null;
        }
        if (c.followUpDate() != null) {
            task.followUpDate = c.followUpDate().isEmpty() ? null : c.followUpDate();
            transition.followUpDate = null;
        }
        if (c.candidateUsers() != null) {
            task.candidateUsers = List.copyOf(c.candidateUsers());
            transition.candidateUsers = null;
        }
        if (c.candidateGroups() != null) {
            task.candidateGroups = List.copyOf(c.candidateGroups());
            transition.candidateGroups = null;
        }
        if (c.priority() != null) {
            task.priority = c.priority();
            transition.priority = null;
        }
    }

    // ------------------------------------------------------------------ the change takes effect

    private void apply(UserTaskRecord task, Transition transition) {
        task.transition = null;
        switch (transition.eventType) {
            case CREATING -> created(task, transition);
            case ASSIGNING -> {
                task.assignee = transition.assignee;
                task.state = UserTaskState.CREATED;
                state.put(task);
                listener.userTaskTransitionEnded(task.key, null);
            }
            case UPDATING -> {
                if (transition.dueDate != null) {
                    task.dueDate = transition.dueDate.isBlank() ? null : transition.dueDate;
                }
                if (transition.followUpDate != null) {
                    task.followUpDate = transition.followUpDate.isBlank() ? null : transition.followUpDate;
                }
                if (transition.candidateUsers != null) {
                    task.candidateUsers = List.copyOf(transition.candidateUsers);
                }
                if (transition.candidateGroups != null) {
                    task.candidateGroups = List.copyOf(transition.candidateGroups);
                }
                if (transition.priority != null) {
                    task.priority = transition.priority;
                }
                task.state = UserTaskState.CREATED;
                state.put(task);
                listener.userTaskTransitionEnded(task.key, null);
            }
            case COMPLETING -> {
                task.state = UserTaskState.COMPLETED;
                task.completionDate = executor.now();
                state.put(task);
                ElementInstanceRecord element = state.elementInstance(task.elementInstanceKey);
                executor.acceptResultVariables(element, transition.variables);
                executor.leave(element);
                listener.userTaskTransitionEnded(task.key, null);
            }
            default -> throw new IllegalStateException("no transition " + transition.eventType);
        }
    }

    private void created(UserTaskRecord task, Transition creating) {
        task.state = UserTaskState.CREATED;
        task.transition = null;
        state.put(task);
        if (creating.initialAssignee != null) {
            assign(task, creating.initialAssignee, "assign");
        }
    }

    /** The properties of the task a listener job shows: for a change in progress, the values it would set. */
    static JobActivation.UserTaskProperties properties(UserTaskRecord task) {
        Transition t = task.transition;
        String assignee = t != null && ASSIGNING.equals(t.eventType) ? t.assignee : task.assignee;
        boolean updating = t != null && UPDATING.equals(t.eventType);
        return new JobActivation.UserTaskProperties(t == null ? "" : t.action, assignee,
                updating && t.candidateGroups != null ? t.candidateGroups : task.candidateGroups,
                updating && t.candidateUsers != null ? t.candidateUsers : task.candidateUsers,
                t == null ? List.of() : List.copyOf(t.changedAttributes),
                updating && t.dueDate != null ? emptyToNull(t.dueDate) : task.dueDate,
                updating && t.followUpDate != null ? emptyToNull(t.followUpDate) : task.followUpDate,
                task.formKey, updating && t.priority != null ? t.priority : task.priority, task.key);
    }

    private static String emptyToNull(String value) {
        return value == null || value.isBlank() ? null : value;
    }

    private static String verb(Transition transition) {
        return switch (transition.eventType) {
            case ASSIGNING -> "assign";
            case UPDATING -> "update";
            case COMPLETING -> "complete";
            default -> transition.eventType.toLowerCase();
        };
    }

    private static String capitalised(String verb) {
        String noun = switch (verb) {
            case "assign" -> "assignment";
            case "update" -> "update";
            case "complete" -> "completion";
            default -> verb;
        };
        return Character.toUpperCase(noun.charAt(0)) + noun.substring(1);
    }
}
