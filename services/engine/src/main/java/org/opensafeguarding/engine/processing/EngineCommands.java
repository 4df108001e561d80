package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.MessageRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionState;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.ProcessInstanceState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.UserTaskState;
import org.springframework.stereotype.Component;

/**
 * The engine's command API, independent of any protocol: the REST (and later gRPC) adapters translate requests
 * into these calls. Each call validates its input first, so a rejected command changes nothing, then runs on the
 * processing thread; the returned future completes after the change is committed.
 */
@Component
public class EngineCommands {

    private final CommandProcessor processor;

    public EngineCommands(CommandProcessor processor) {
        this.processor = processor;
    }

    /** Reads state consistently on the processing thread; use for searches and lookups. */
    public <T> CompletableFuture<T> read(Function<EngineState, T> query) {
        return processor.submit(p -> query.apply(p.state()));
    }

    // ------------------------------------------------------------------ deployment

    public record DeploymentOutcome(long deploymentKey, List<ProcessDefinitionRecord> processes,
                                    List<org.opensafeguarding.engine.state.FormRecord> forms) {
    }

    public CompletableFuture<DeploymentOutcome> deploy(List<DeploymentResource> resources) {
        return guard(() -> {
            Deployer.Parsed parsed = Deployer.parse(resources);
            return processor.submit(p -> {
                // timer start events are evaluated before anything is stored, so a bad one changes nothing
                p.executor().checkTimerStarts(parsed);
                Deployer.Deployed deployed = Deployer.store(p.state(), parsed);
                p.executor().deployed(deployed.processes(), deployed.deploymentKey());
                return new DeploymentOutcome(deployed.deploymentKey(), deployed.processes(), deployed.forms());
            });
        });
    }

    // ------------------------------------------------------------------ process instances

    public record InstanceOutcome(long processInstanceKey, long processDefinitionKey, String bpmnProcessId,
                                  int version, String tenantId, Map<String, Object> variables) {
    }

    public record CreateInstance(String bpmnProcessId, Integer version, Long processDefinitionKey,
                                 Map<String, Object> variables, boolean awaitCompletion, long requestTimeout,
                                 List<String> fetchVariables) {
    }

    public CompletableFuture<InstanceOutcome> createProcessInstance(CreateInstance request) {
        return guard(() -> {
            if (request.bpmnProcessId() == null && request.processDefinitionKey() == null) {
                throw EngineException.invalid("Expected either processDefinitionId or processDefinitionKey");
            }
            CompletableFuture<Map<String, Object>> completion = new CompletableFuture<>();
            CompletableFuture<InstanceOutcome> created = processor.submit(p -> {
                ProcessDefinitionRecord definition = findDefinition(p, request);
                ProcessInstanceRecord instance = p.executor().createProcessInstance(definition,
                        request.variables() == null ? Map.of() : request.variables(), null, null, null);
                if (request.awaitCompletion()) {
                    if (instance.state == ProcessInstanceState.ACTIVE) {
                        p.awaitCompletion(instance.key, completion);
                    } else {
                        // read now: the ended instance leaves memory for the history table when this command is done
                        Map<String, Object> variables = p.endVariables(instance.key);
                        p.afterCommit(() -> completion.complete(variables));
                    }
                }
                return new InstanceOutcome(instance.key, definition.key, definition.bpmnProcessId, definition.version,
                        definition.tenantId, Map.of());
            });
            if (!request.awaitCompletion()) {
                return created;
            }
            return created.thenCompose(outcome -> completion.thenApply(variables -> {
                if (request.fetchVariables() != null && !request.fetchVariables().isEmpty()) {
                    variables.keySet().retainAll(request.fetchVariables());
                }
                return new InstanceOutcome(outcome.processInstanceKey(), outcome.processDefinitionKey(),
                        outcome.bpmnProcessId(), outcome.version(), outcome.tenantId(), variables);
            }));
        });
    }

    private static ProcessDefinitionRecord findDefinition(CommandProcessor p, CreateInstance request) {
        EngineState state = p.state();
        if (request.processDefinitionKey() != null) {
            ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION,
                    request.processDefinitionKey());
            if (definition == null) {
                throw EngineException.notFound("Expected to find process definition with key '"
                        + request.processDefinitionKey() + "', but none found");
            }
            return definition;
        }
        ProcessDefinitionRecord found = null;
        for (ProcessDefinitionRecord definition : state.processDefinitions(request.bpmnProcessId())) {
            boolean wanted = request.version() == null || request.version() < 0
                    ? found == null || definition.version > found.version
                    : definition.version == request.version();
            if (wanted) {
                found = definition;
            }
        }
        if (found == null) {
            throw EngineException.notFound("Expected to find process definition with process ID '"
                    + request.bpmnProcessId() + "'" + (request.version() == null || request.version() < 0 ? ""
                    : " and version '" + request.version() + "'") + ", but none found");
        }
        ProcessModel model = p.models().of(found);
        if (model.noneStartEvent() == null) {
            throw EngineException.invalid("Expected to create instance of process with none start event, but there"
                    + " is no such event in process '" + found.bpmnProcessId + "'");
        }
        return found;
    }

    public CompletableFuture<Void> cancelProcessInstance(long key) {
        return guard(() -> {
            return processor.submit(p -> {
                ProcessInstanceRecord instance = p.state().processInstance(key);
                if (instance == null || instance.state != ProcessInstanceState.ACTIVE) {
                    throw EngineException.notFound("Expected to cancel a process instance with key '" + key
                            + "', but no such process was found");
                }
                if (instance.parentProcessInstanceKey != null) {
                    throw EngineException.invalidState("Expected to cancel a process instance with key '" + key
                            + "', but it is created by a parent process instance. Cancel the root process instance '"
                            + instance.parentProcessInstanceKey + "' instead.");
                }
                p.executor().cancelProcessInstance(instance);
                return null;
            });
        });
    }

    // ------------------------------------------------------------------ messages

    public record PublishMessage(String name, String correlationKey, long timeToLive, String messageId,
                                 Map<String, Object> variables) {
    }

    public record MessageOutcome(long messageKey, Long processInstanceKey) {
    }

    public CompletableFuture<MessageOutcome> publishMessage(PublishMessage request) {
        return guard(() -> {
            requireText(request.name(), "name");
            if (request.timeToLive() < 0) {
                throw EngineException.invalid("timeToLive: expected a non-negative duration in milliseconds, but was "
                        + request.timeToLive());
            }
            return processor.submit(p -> {
                String correlationKey = request.correlationKey() == null ? "" : request.correlationKey();
                long now = p.now();
                MessageRecord existing = p.state().messageWithId(request.name(), correlationKey, request.messageId());
                if (existing != null && existing.expiresAt > now) {
                    throw new EngineException(EngineException.Reason.ALREADY_EXISTS,
                            "Expected to publish a new message with id '" + request.messageId()
                                    + "', but a message with that id was already published");
                }
                MessageRecord message = new MessageRecord();
                message.key = p.state().newKey();
                message.name = request.name();
                message.correlationKey = correlationKey;
                message.messageId = request.messageId();
                message.variables = request.variables() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(request.variables());
                message.publishedAt = now;
                message.expiresAt = now + request.timeToLive();
                correlateEverywhere(p, message, true);
                if (request.timeToLive() > 0) {
                    p.state().put(message);
                }
                return new MessageOutcome(message.key, null);
            });
        });
    }

    public CompletableFuture<MessageOutcome> correlateMessage(PublishMessage request) {
        return guard(() -> {
            requireText(request.name(), "name");
            return processor.submit(p -> {
                String correlationKey = request.correlationKey() == null ? "" : request.correlationKey();
                // checked before a key is taken, so a message nobody waits for changes nothing
                if (!hasReceiver(p, request.name(), correlationKey)) {
                    throw EngineException.notFound("Expected to find subscription for message with name '"
                            + request.name() + "' and correlation key '" + correlationKey
                            + "', but none was found.");
                }
                MessageRecord message = new MessageRecord();
                message.key = p.state().newKey();
                message.name = request.name();
                message.correlationKey = correlationKey;
                message.variables = request.variables() == null ? new LinkedHashMap<>()
                        : new LinkedHashMap<>(request.variables());
                message.publishedAt = p.now();
                Long instanceKey = correlateEverywhere(p, message, false);
                return new MessageOutcome(message.key, instanceKey);
            });
        });
    }

    /**
     * Delivers the message to every open subscription with its name and correlation key (one per process
     * instance) and starts the processes with a matching message start event (one active instance per
     * correlation key). With {@code all=false} it stops at the first receiver, as the correlate API does.
     */
    private static Long correlateEverywhere(CommandProcessor p, MessageRecord message, boolean all) {
        Long firstInstance = null;
        for (MessageSubscriptionRecord subscription
                : p.state().openSubscriptions(message.name, message.correlationKey)) {
            if (subscription.state != MessageSubscriptionState.CREATED || !subscription.messageName.equals(message.name)
                    || !subscription.correlationKey.equals(message.correlationKey)
                    || message.correlatedProcesses.contains("instance:" + subscription.processInstanceKey)) {
                continue;
            }
            message.correlatedProcesses.add("instance:" + subscription.processInstanceKey);
            subscription.correlated(message.key, p.now());
            p.executor().triggers().correlate(subscription, message.variables);
            p.executor().runAgenda();
            if (firstInstance == null) {
                firstInstance = subscription.processInstanceKey;
            }
            if (!all) {
                return firstInstance;
            }
        }
        for (ProcessDefinitionRecord definition : latestDefinitions(p.state())) {
            for (StartEvent start : p.models().of(definition).startEventsOfProcess()) {
                if (!(ProcessModel.eventDefinition(start) instanceof MessageEventDefinition messageDefinition)
                        || messageDefinition.getMessage() == null
                        || !message.name.equals(messageDefinition.getMessage().getName())) {
                    continue;
                }
                if (hasActiveInstanceFor(p.state(), definition.bpmnProcessId, message.correlationKey)) {
                    continue;
                }
                ProcessInstanceRecord instance = p.executor().createProcessInstance(definition, message.variables,
                        start, null, null);
                instance.startedByCorrelationKey = message.correlationKey;
                p.state().put(instance);
                p.executor().runAgenda();
                message.correlatedProcesses.add("instance:" + instance.key);
                if (firstInstance == null) {
                    firstInstance = instance.key;
                }
                if (!all) {
                    return firstInstance;
                }
            }
        }
        return firstInstance;
    }

    /** Whether {@link #correlateEverywhere} would deliver a message of this name and key to anyone. */
    private static boolean hasReceiver(CommandProcessor p, String name, String correlationKey) {
        for (MessageSubscriptionRecord subscription : p.state().openSubscriptions(name, correlationKey)) {
            if (subscription.state == MessageSubscriptionState.CREATED && subscription.messageName.equals(name)
                    && subscription.correlationKey.equals(correlationKey)) {
                return true;
            }
        }
        for (ProcessDefinitionRecord definition : latestDefinitions(p.state())) {
            for (StartEvent start : p.models().of(definition).startEventsOfProcess()) {
                if (ProcessModel.eventDefinition(start) instanceof MessageEventDefinition messageDefinition
                        && messageDefinition.getMessage() != null
                        && name.equals(messageDefinition.getMessage().getName())
                        && !hasActiveInstanceFor(p.state(), definition.bpmnProcessId, correlationKey)) {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean hasActiveInstanceFor(EngineState state, String bpmnProcessId, String correlationKey) {
        if (correlationKey == null || correlationKey.isEmpty()) {
            return false;
        }
        return state.hasActiveInstanceStartedBy(bpmnProcessId, correlationKey);
    }

    private static List<ProcessDefinitionRecord> latestDefinitions(EngineState state) {
        return state.latestProcessDefinitions();
    }

    // ------------------------------------------------------------------ jobs

    public CompletableFuture<List<JobActivation.ActivatedJob>> activateJobs(JobActivation.Request request) {
        return guard(() -> {
            requireText(request.type(), "type");
            if (request.maxJobs() < 1) {
                throw EngineException.invalid("maxJobsToActivate: expected a value greater than 0, but was "
                        + request.maxJobs());
            }
            if (request.timeout() < 1) {
                throw EngineException.invalid("timeout: expected a value greater than 0, but was " + request.timeout());
            }
            return processor.submit(p -> JobActivation.activateOrWait(p, request)).thenCompose(f -> f);
        });
    }

    public CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables) {
        return completeJob(jobKey, variables, null);
    }

    /** @param result a task listener's job result (denial, corrections); null for none */
    public CompletableFuture<Void> completeJob(long jobKey, Map<String, Object> variables,
                                               UserTaskListeners.Result result) {
        return guard(() -> {
            return processor.submit(p -> {
                JobRecord job = openJob(p.state(), jobKey, "complete");
                if (job.isTaskListener()) {
                    UserTaskListeners.Result outcome = result == null ? UserTaskListeners.Result.NONE : result;
                    UserTaskListeners.check(job, p.state().get(RecordKind.USER_TASK, job.userTaskKey), variables,
                            outcome);
                    job.state = JobState.COMPLETED;
                    job.endTime = p.now();
                    p.state().put(job);
                    p.executor().taskListeners().listenerCompleted(job, outcome);
                    return null;
                }
                if (result != null && (result.denied() || result.corrections() != null)) {
                    throw EngineException.invalid("result: only task listener jobs take a user task result, but job '"
                            + jobKey + "' is of kind " + job.jobKind);
                }
                ElementInstanceRecord element = p.state().elementInstance(job.elementInstanceKey);
                job.state = JobState.COMPLETED;
                job.endTime = p.now();
                p.state().put(job);
                p.executor().acceptResultVariables(element, variables);
                p.executor().leave(element);
                return null;
            });
        });
    }

    public CompletableFuture<Void> failJob(long jobKey, int retries, long retryBackOff, String errorMessage,
                                           Map<String, Object> variables) {
        return guard(() -> {
            if (retryBackOff < 0) {
                throw EngineException.invalid("retryBackOff: expected a non-negative value, but was " + retryBackOff);
            }
            return processor.submit(p -> {
                JobRecord job = openJob(p.state(), jobKey, "fail");
                ElementInstanceRecord element = p.state().elementInstance(job.elementInstanceKey);
                job.retries = retries;
                job.errorMessage = errorMessage;
                job.worker = null;
                if (variables != null && !variables.isEmpty()) {
                    p.executor().variables().setAllLocal(element.key, variables);
                }
                if (retries > 0 && retryBackOff == 0) {
                    job.state = JobState.CREATED;
                    p.jobAvailable(job.type);
                } else {
                    job.state = JobState.FAILED;
                    job.retryAt = p.now() + retryBackOff;
                }
                p.state().put(job);
                if (retries <= 0) {
                    p.executor().raiseIncident(element, "JOB_NO_RETRIES",
                            errorMessage == null || errorMessage.isBlank() ? "No more retries left." : errorMessage,
                            job.key, null);
                }
                return null;
            });
        });
    }

    public CompletableFuture<Void> throwJobError(long jobKey, String errorCode, String errorMessage,
                                                 Map<String, Object> variables) {
        return guard(() -> {
            requireText(errorCode, "errorCode");
            return processor.submit(p -> {
                JobRecord job = openJob(p.state(), jobKey, "throw an error for");
                if (job.isTaskListener()) {
                    throw EngineException.invalidState("Expected to throw an error for job with key '" + jobKey
                            + "', but it is a task listener job, which cannot throw BPMN errors");
                }
                ElementInstanceRecord element = p.state().elementInstance(job.elementInstanceKey);
                job.state = JobState.ERROR_THROWN;
                job.errorCode = errorCode;
                job.errorMessage = errorMessage;
                job.endTime = p.now();
                p.state().put(job);
                p.executor().errors().throwError(element, element.key, errorCode, errorMessage,
                        variables == null ? Map.of() : variables);
                return null;
            });
        });
    }

    public CompletableFuture<Void> updateJob(long jobKey, Integer retries, Long timeout) {
        return guard(() -> {
            if (retries == null && timeout == null) {
                throw EngineException.invalid("changeset: expected retries or timeout to be set");
            }
            if (retries != null && retries < 1) {
                throw EngineException.invalid("retries: expected a value greater than 0, but was " + retries);
            }
            return processor.submit(p -> {
                JobRecord job = p.state().job(jobKey);
                if (job == null || !job.isOpen()) {
                    throw EngineException.notFound("Expected to update job with key '" + jobKey
                            + "', but no such job was found");
                }
                if (timeout != null && job.state != JobState.ACTIVATED) {
                    throw EngineException.invalidState("Expected to update the timeout of job with key '" + jobKey
                            + "', but it is not activated");
                }
                if (retries != null) {
                    job.retries = retries;
                }
                if (timeout != null) {
                    job.deadline = p.now() + timeout;
                }
                p.state().put(job);
                return null;
            });
        });
    }

    private static JobRecord openJob(EngineState state, long jobKey, String action) {
        JobRecord job = state.job(jobKey);
        if (job == null || !job.isOpen()) {
            throw EngineException.notFound("Expected to " + action + " job with key '" + jobKey
                    + "', but no such job was found");
        }
        if (job.state == JobState.FAILED && job.retries <= 0) {
            throw EngineException.invalidState("Expected to " + action + " job with key '" + jobKey
                    + "', but it is in state 'FAILED' with no retries left");
        }
        return job;
    }

    // ------------------------------------------------------------------ user tasks

    public CompletableFuture<Void> assignUserTask(long key, String assignee, boolean allowOverride) {
        return assignUserTask(key, assignee, allowOverride, null);
    }

    /**
     * Assigns the task; with assigning listeners the future completes when the last of them has completed (or
     * fails when one denies), as Camunda's answer to the command waits for them.
     */
    public CompletableFuture<Void> assignUserTask(long key, String assignee, boolean allowOverride, String action) {
        return guard(() -> {
            requireText(assignee, "assignee");
            return processor.submit(p -> {
                UserTaskRecord task = openUserTask(p.state(), key, "assign");
                if (!allowOverride && task.assignee != null && !task.assignee.equals(assignee)) {
                    throw EngineException.invalidState("Expected to assign user task with key '" + key + "' to '"
                            + assignee + "', but it is already assigned to '" + task.assignee + "'");
                }
                String verb = action == null || action.isBlank() ? (allowOverride ? "assign" : "claim") : action;
                return afterListeners(p, key, p.executor().taskListeners().assign(task, assignee, verb));
            }).thenCompose(f -> f);
        });
    }

    public CompletableFuture<Void> unassignUserTask(long key) {
        return guard(() -> {
            return processor.submit(p -> {
                UserTaskRecord task = openUserTask(p.state(), key, "unassign");
                return afterListeners(p, key, p.executor().taskListeners().assign(task, null, "unassign"));
            }).thenCompose(f -> f);
        });
    }

    public record UserTaskChanges(String dueDate, String followUpDate, List<String> candidateUsers,
                                  List<String> candidateGroups, Integer priority) {
    }

    public CompletableFuture<Void> updateUserTask(long key, UserTaskChanges changes) {
        return guard(() -> {
            if (changes.priority() != null && (changes.priority() < 0 || changes.priority() > 100)) {
                throw EngineException.invalid("priority: expected a value between 0 and 100, but was "
                        + changes.priority());
            }
            return processor.submit(p -> {
                UserTaskRecord task = openUserTask(p.state(), key, "update");
                UserTaskRecord.Transition updating = UserTaskListeners.transition(UserTaskListeners.UPDATING, "update");
                updating.dueDate = changes.dueDate();
                updating.followUpDate = changes.followUpDate();
                updating.candidateUsers = changes.candidateUsers();
                updating.candidateGroups = changes.candidateGroups();
                updating.priority = changes.priority();
                if (changes.dueDate() != null) {
                    updating.changedAttributes.add("dueDate");
                }
                if (changes.followUpDate() != null) {
                    updating.changedAttributes.add("followUpDate");
                }
                if (changes.candidateUsers() != null) {
                    updating.changedAttributes.add("candidateUsersList");
                }
                if (changes.candidateGroups() != null) {
                    updating.changedAttributes.add("candidateGroupsList");
                }
                if (changes.priority() != null) {
                    updating.changedAttributes.add("priority");
                }
                return afterListeners(p, key, p.executor().taskListeners().update(task, updating));
            }).thenCompose(f -> f);
        });
    }

    public CompletableFuture<Void> completeUserTask(long key, Map<String, Object> variables) {
        return completeUserTask(key, variables, null);
    }

    public CompletableFuture<Void> completeUserTask(long key, Map<String, Object> variables, String action) {
        return guard(() -> {
            return processor.submit(p -> {
                UserTaskRecord task = openUserTask(p.state(), key, "complete");
                String verb = action == null || action.isBlank() ? "complete" : action;
                return afterListeners(p, key, p.executor().taskListeners().complete(task, variables, verb));
            }).thenCompose(f -> f);
        });
    }

    /** Done now, or once the task's listeners have let the change take effect. */
    private static CompletableFuture<Void> afterListeners(CommandProcessor p, long taskKey, boolean waits) {
        return waits ? p.awaitUserTaskTransition(taskKey) : CompletableFuture.completedFuture(null);
    }

    private static UserTaskRecord openUserTask(EngineState state, long key, String action) {
        UserTaskRecord task = state.get(RecordKind.USER_TASK, key);
        if (task == null || task.state == UserTaskState.COMPLETED || task.state == UserTaskState.CANCELED) {
            throw EngineException.notFound("Expected to " + action + " user task with key '" + key
                    + "', but no such user task was found");
        }
        if (task.state != UserTaskState.CREATED) {
            throw EngineException.invalidState("Expected to " + action + " user task with key '" + key
                    + "', but it is in state '" + task.state + "' while its task listeners run");
        }
        return task;
    }

    // ------------------------------------------------------------------ incidents and variables

    public CompletableFuture<Void> resolveIncident(long key) {
        return guard(() -> {
            return processor.submit(p -> {
                IncidentRecord incident = p.state().get(RecordKind.INCIDENT, key);
                if (incident == null || incident.state != IncidentState.ACTIVE) {
                    throw EngineException.notFound("Expected to resolve incident with key '" + key
                            + "', but no such incident was found");
                }
                if (incident.timerKey != null) {
                    incident.state = IncidentState.RESOLVED;
                    p.state().put(incident);
                    TimerRecord timer = p.state().get(RecordKind.TIMER, incident.timerKey);
                    if (timer != null) {
                        timer.incidentKey = null;
                        p.state().put(timer);
                        p.releaseTimer(timer.key);
                    }
                    return null;
                }
                ElementInstanceRecord element = p.state().elementInstance(incident.elementInstanceKey);
                if ("JOB_NO_RETRIES".equals(incident.errorType) && incident.jobKey != null) {
                    JobRecord job = p.state().job(incident.jobKey);
                    if (job.retries <= 0) {
                        throw EngineException.invalidState("Expected to resolve incident with key '" + key
                                + "', but job '" + job.key + "' has no retries left; update the job's retries first");
                    }
                    job.state = JobState.CREATED;
                    job.retryAt = 0;
                    p.state().put(job);
                    p.jobAvailable(job.type);
                }
                incident.state = IncidentState.RESOLVED;
                p.state().put(incident);
                if (element.pendingStep != null) {
                    p.executor().retryPendingStep(element);
                } else {
                    element.incidentKey = null;
                    p.state().put(element);
                }
                return null;
            });
        });
    }

    public CompletableFuture<Long> setVariables(long scopeKey, Map<String, Object> variables, boolean local) {
        return guard(() -> {
            if (variables == null) {
                throw EngineException.invalid("variables: expected an object of variables");
            }
            variables.values().forEach(VariableScopes::write);
            return processor.submit(p -> {
                ElementInstanceRecord scope = p.state().elementInstance(scopeKey);
                if (scope == null || scope.state != ElementInstanceState.ACTIVE) {
                    throw EngineException.notFound("Expected to update variables for element with key '" + scopeKey
                            + "', but no such element was found");
                }
                if (local) {
                    p.executor().variables().setAllLocal(scopeKey, variables);
                } else {
                    p.executor().variables().merge(scopeKey, variables);
                }
                return p.state().newKey();
            });
        });
    }

    // ------------------------------------------------------------------ management

    public CompletableFuture<Long> purge() {
        return guard(() -> {
            return processor.submit(p -> {
                p.resetState();
                return p.state().lastPurgeChangeId();
            });
        });
    }

    public CompletableFuture<Long> lastPurgeChangeId() {
        return guard(() -> {
            return processor.submit(p -> p.state().lastPurgeChangeId());
        });
    }

    /** Validation failures become failed futures, so callers handle every rejection in one place. */
    private static <T> CompletableFuture<T> guard(java.util.function.Supplier<CompletableFuture<T>> command) {
        try {
            return command.get();
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static void requireText(String value, String field) {
        if (value == null || value.isBlank()) {
            throw EngineException.invalid(field + ": expected a non-empty value");
        }
    }
}
