package org.opensafeguarding.workflow.tasklist;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.UserTaskProperties;
import io.camunda.client.api.search.enums.JobKind;
import io.camunda.client.api.search.response.UserTask;
import org.opensafeguarding.workflow.workers.JobRunner;
import org.springframework.stereotype.Component;

import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;

/**
 * Keeps the mirror as the engine's user tasks change, as they change: every user task of the product models has a
 * Camunda 8.8 task listener of job type {@value #JOB_TYPE} for creating, assigning, updating, completing and
 * canceling (docs/tasklist.md, "Mirror"). The engine holds each change until this listener's job completes, so the
 * mirror has the task before anyone can act on it. Nothing is searched: the job says which task and what changes.
 *
 * <p>A listener job is handled once per job key ({@link JobRunner#once}); a redelivered job (a timeout, an answer
 * that was lost) changes nothing more, and each change is idempotent besides ({@link TaskMirrorUpdates}). Changes
 * this service asked for itself (a completion it recorded, a claim or giving one up) are recorded by the request
 * with who asked, so the listener leaves those alone. A failure is retried by the engine with back-off
 * ({@code JobFailureHandling}); when the retries are used up the engine raises an incident on the task.
 */
@Component
public class TaskMirrorListener {

    static final String JOB_TYPE = "safeguarding.task-mirror";
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(TaskMirrorListener.class);

    private final TaskEngine engine;
    private final TaskMirror mirror;
    private final TaskMirrorUpdates updates;
    private final JobRunner jobs;

    TaskMirrorListener(TaskEngine engine, TaskMirror mirror, TaskMirrorUpdates updates, JobRunner jobs) {
        this.engine = engine;
        this.mirror = mirror;
        this.updates = updates;
        this.jobs = jobs;
    }

    /**
     * A short job timeout: an update takes milliseconds, and a job whose activation answer never reached this worker
     * (the request had timed out) holds the task's change until the engine offers the job again.
     */
    @JobWorker(type = JOB_TYPE, fetchVariables = {"caseId"}, timeout = 30_000)
    public void taskChanged(ActivatedJob job) {
        UserTaskProperties task = job.getUserTask();
        if (job.getKind() != JobKind.TASK_LISTENER || task == null || task.getUserTaskKey() == null) {
            throw new IllegalStateException(JOB_TYPE + " is a user task listener; job " + job.getKey()
                    + " at " + job.getElementId() + " is of kind " + job.getKind());
        }
        long taskKey = task.getUserTaskKey();
        log.debug("{} listener job {} for user task {}", job.getListenerEventType(), job.getKey(), taskKey);
        jobs.once(job, () -> {
            switch (job.getListenerEventType()) {
                case CREATING -> created(taskKey);
                case ASSIGNING -> mirror.find(taskKey).ifPresent(row -> assigning(row, task));
                case UPDATING -> mirror.find(taskKey).ifPresent(row -> updates.scheduleChanged(row,
                        instant(task.getDueDate()), instant(task.getFollowUpDate()),
                        task.getPriority() == null ? 50 : task.getPriority(), TaskMirror.copy(task.getCandidateGroups()),
                        TaskMirror.copy(task.getCandidateUsers()), mirror.databaseNow()));
                case COMPLETING -> mirror.find(taskKey).filter(row -> row.status() == TaskStatus.OPEN)
                        // COMPLETING here means this service recorded the completion and hands it over itself
                        .ifPresent(row -> updates.ended(row, TaskStatus.COMPLETED, "COMPLETING"));
                case CANCELING -> mirror.find(taskKey).filter(row -> row.status() == TaskStatus.OPEN)
                        .ifPresent(row -> updates.ended(row, TaskStatus.CANCELED, "CANCELING"));
                default -> throw new IllegalStateException(JOB_TYPE + " does not listen to "
                        + job.getListenerEventType() + " (job " + job.getKey() + ")");
            }
            return Map.of();
        });
    }

    /**
     * The task is read by key for what the listener job does not carry (its name, headers, creation time); a task
     * of no known case (not a safeguarding case's process) is left out, as the reconciliation leaves it out.
     */
    private void created(long taskKey) {
        Optional<UserTask> task = engine.task(taskKey);
        if (task.isEmpty()) {
            // Camunda 8's search storage may not have the task yet when its creating listener runs: fail, retry later
            throw new IllegalStateException("user task " + taskKey + " is not readable at the engine yet");
        }
        TaskMirrorUpdates.Sighting sighting = updates.created(task.get());
        if (sighting == TaskMirrorUpdates.Sighting.NO_CASE) {
            log.info("user task {} of instance {} belongs to no known case; not mirrored", taskKey,
                    task.get().getProcessInstanceKey());
        }
    }

    private void assigning(TaskRow row, UserTaskProperties task) {
        String assignee = TaskMirrorUpdates.emptyToNull(task.getAssignee());
        if (mirror.isAssignmentInFlight(row.taskKey(), TaskMirror.assignmentChange(assignee))) {
            return;
        }
        updates.assigneeChanged(row, assignee, null);
    }

    private static java.time.Instant instant(OffsetDateTime time) {
        return TaskMirrorUpdates.instant(time);
    }
}
