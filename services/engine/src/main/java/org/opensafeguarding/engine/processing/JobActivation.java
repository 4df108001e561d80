package org.opensafeguarding.engine.processing;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.ElementInstanceState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.JobState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.UserTaskRecord;

/**
 * Job activation with long polling: a request that finds nothing waits (up to its request timeout) and is
 * answered in the first batch in which a matching job becomes available.
 */
public final class JobActivation {

    /** Default long-polling time when the request says 0, as Camunda's gateway does. */
    static final long DEFAULT_REQUEST_TIMEOUT = 10_000;

    /**
     * {@code receivedAt} (wall clock, ms) is when the call reached the engine, before it queued for the processing
     * thread: the caller's long-poll clock runs from about then, so the wait is counted from there.
     */
    public record Request(String type, String worker, long timeout, int maxJobs, List<String> fetchVariables,
                          long requestTimeout, long receivedAt) {

        /** A request received now. */
        public Request(String type, String worker, long timeout, int maxJobs, List<String> fetchVariables,
                       long requestTimeout) {
            this(type, worker, timeout, maxJobs, fetchVariables, requestTimeout, System.currentTimeMillis());
        }

        /** The same request, received again now (a job stream renewing its parked activation). */
        public Request renewed() {
            return new Request(type, worker, timeout, maxJobs, fetchVariables, requestTimeout,
                    System.currentTimeMillis());
        }
    }

    public record ActivatedJob(long key, String type, String bpmnProcessId, int processDefinitionVersion,
                               long processDefinitionKey, long processInstanceKey, long elementInstanceKey,
                               String elementId, Map<String, String> customHeaders, String worker, int retries,
                               long deadline, Map<String, Object> variables, String tenantId, String kind,
                               String listenerEventType, UserTaskProperties userTask) {
    }

    /** The user task a task listener job listens to, as Camunda 8.8's ActivatedJob.getUserTask() shows it. */
    public record UserTaskProperties(String action, String assignee, List<String> candidateGroups,
                                     List<String> candidateUsers, List<String> changedAttributes, String dueDate,
                                     String followUpDate, Long formKey, int priority, long userTaskKey) {
    }

    record Waiting(Request request, long expiresAt, CompletableFuture<List<ActivatedJob>> future) {
    }

    /** A parked request this close to its end gets no jobs; see {@link #serveWaiting}. */
    static final long SERVE_MARGIN_MILLIS = 1_000;

    private JobActivation() {
    }

    /**
     * The command: activates what is there now, or parks the request. A long poll that spent all its time queued
     * behind other commands gets no jobs: its caller may have given up, and jobs handed to a closed
     * connection would stay ACTIVATED, out of every worker's reach, until their timeout (minutes). Measured under
     * load with queue waits of seconds; see docs/engine.md, "Latency against peers".
     */
    static CompletableFuture<List<ActivatedJob>> activateOrWait(CommandProcessor processor, Request request) {
        long wait = request.requestTimeout() == 0 ? DEFAULT_REQUEST_TIMEOUT : request.requestTimeout();
        long expiresAt = request.receivedAt() + wait;
        if (request.requestTimeout() >= 0 && expiresAt <= System.currentTimeMillis()) {
            return CompletableFuture.completedFuture(List.of());
        }
        List<ActivatedJob> jobs = activate(processor, request);
        if (!jobs.isEmpty() || request.requestTimeout() < 0) {
            return CompletableFuture.completedFuture(jobs);
        }
        Waiting waiting = new Waiting(request, expiresAt, new CompletableFuture<>());
        processor.addWaitingActivation(waiting);
        return waiting.future();
    }

    static List<ActivatedJob> activate(CommandProcessor processor, Request request) {
        long now = processor.now();
        // only jobs of the requested type that are not activated already, in key order (an index, not a scan)
        List<JobRecord> chosen = new ArrayList<>();
        for (Long key : processor.state().activatableJobKeys(request.type())) {
            if (chosen.size() >= request.maxJobs()) {
                break;
            }
            JobRecord job = processor.state().job(key);
            if (job == null || !job.isActivatableAt(now)) {
                continue;
            }
            ElementInstanceRecord element = processor.state().elementInstance(job.elementInstanceKey);
            // a canceling listener's job outlives its element, which may have ended
            if ((element == null && !job.isTaskListener()) || (element != null && element.incidentKey != null)) {
                continue;
            }
            chosen.add(job);
        }
        List<ActivatedJob> activated = new ArrayList<>(chosen.size());
        for (JobRecord job : chosen) {
            job.state = JobState.ACTIVATED;
            job.worker = request.worker();
            job.deadline = now + request.timeout();
            processor.state().put(job);
            Map<String, Object> visible = request.fetchVariables() != null && !request.fetchVariables().isEmpty()
                    ? processor.executor().variables().visible(job.elementInstanceKey,
                            java.util.Set.copyOf(request.fetchVariables()))
                    : processor.executor().variables().visible(job.elementInstanceKey);
            activated.add(new ActivatedJob(job.key, job.type, job.bpmnProcessId, job.processDefinitionVersion,
                    job.processDefinitionKey, job.processInstanceKey, job.elementInstanceKey, job.elementId,
                    Map.copyOf(job.customHeaders), job.worker, job.retries, job.deadline, visible, job.tenantId,
                    job.jobKind, job.listenerEventType, userTaskOf(processor, job)));
        }
        return activated;
    }

    private static UserTaskProperties userTaskOf(CommandProcessor processor, JobRecord job) {
        if (!job.isTaskListener() || job.userTaskKey == null) {
            return null;
        }
        UserTaskRecord task = processor.state().get(RecordKind.USER_TASK, job.userTaskKey);
        return task == null ? null : UserTaskListeners.properties(task);
    }

    static void serveWaiting(CommandProcessor processor, List<Waiting> waiting) {
        Iterator<Waiting> iterator = waiting.iterator();
        long wallClock = System.currentTimeMillis();
        while (iterator.hasNext()) {
            Waiting next = iterator.next();
            if (next.expiresAt() - SERVE_MARGIN_MILLIS <= wallClock || next.future().isDone()) {
                // the caller has given up, or may have by the time the answer reaches it (its clock started a little
                // before the request reached the engine): jobs handed to it would sit ACTIVATED until their timeout
                // while other workers wait, so it is left to expireWaiting, which answers it with no jobs
                continue;
            }
            List<ActivatedJob> jobs = activate(processor, next.request());
            if (!jobs.isEmpty()) {
                iterator.remove();
                processor.afterCommit(() -> next.future().complete(jobs));
            }
        }
    }

    static void expireWaiting(List<Waiting> waiting, long nowWallClock, List<Runnable> afterCommit) {
        Iterator<Waiting> iterator = waiting.iterator();
        long wallClock = System.currentTimeMillis();
        while (iterator.hasNext()) {
            Waiting next = iterator.next();
            if (next.expiresAt() <= wallClock || next.future().isDone()) {
                iterator.remove();
                afterCommit.add(() -> next.future().complete(List.of()));
            }
        }
    }
}
