package org.opensafeguarding.workflow.tasklist;

import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.UserTask;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Brings the mirror level with the engine's open user tasks for what no task listener reported
 * ({@link TaskMirrorListener} reports every change as it happens). That is: tasks of instances running on process
 * versions deployed before the models had the mirror listener (such an instance keeps its version, so its later
 * tasks have no listener either), tasks created while this service's listener jobs were failing, and assignments
 * this service asked for whose answer it never recorded. It runs once at start-up and then seldom
 * ({@code safeguarding.tasklist.reconcile-interval}, 15 minutes by default).
 *
 * <p>Its cost is bounded by open work, not history: it pages through the engine's tasks in state CREATED only, and
 * compares them with the mirror's OPEN rows (an index of open rows); an OPEN row the engine no longer lists is looked
 * up by key to learn how it ended. The engine being away is logged once and tried again next time.
 */
@Component
class TaskReconciler {

    private static final Logger log = LoggerFactory.getLogger(TaskReconciler.class);
    /** How long a task whose case cannot be found is left alone before it is looked at again. */
    private static final Duration UNMATCHED_RETRY = Duration.ofSeconds(30);

    private final TaskEngine engine;
    private final TaskMirror mirror;
    private final TaskMirrorUpdates updates;
    private final Clock clock;
    private final Map<Long, Instant> unmatched = new ConcurrentHashMap<>();
    private final int batchSize;
    private volatile boolean engineAway;

    TaskReconciler(TaskEngine engine, TaskMirror mirror, TaskMirrorUpdates updates, Clock clock,
                   TasklistProperties properties) {
        this.engine = engine;
        this.batchSize = properties.pageSize();
        this.mirror = mirror;
        this.updates = updates;
        this.clock = clock;
    }

    @EventListener(ApplicationReadyEvent.class)
    public void atStartUp() {
        reconcile();
    }

    @Scheduled(fixedDelayString = "${safeguarding.tasklist.reconcile-interval:15m}",
            initialDelayString = "${safeguarding.tasklist.reconcile-interval:15m}")
    public void reconcile() {
        try {
            reconcileOnce();
            if (engineAway) {
                engineAway = false;
                log.info("tasklist reconciliation reaches the engine again");
            }
        } catch (TaskEngine.Unreachable e) {
            if (!engineAway) {
                engineAway = true;
                log.warn("tasklist reconciliation cannot read the engine's user tasks; trying again next time: {}",
                        e.getMessage());
            } else {
                log.debug("engine still unreachable: {}", e.getMessage());
            }
        } catch (RuntimeException e) {
            log.warn("tasklist reconciliation failed, will retry: {}", e.toString());
        }
    }

    /** @return how many tasks were mirrored for the first time */
    int reconcileOnce() {
        Instant readAt = mirror.databaseNow();
        List<UserTask> open = engine.openTasks();
        Map<Long, TaskRow> known = mirror.open();
        Set<Long> seen = new HashSet<>();
        List<UserTask> unknown = new ArrayList<>();
        for (UserTask task : open) {
            long key = task.getUserTaskKey();
            seen.add(key);
            TaskRow row = known.get(key);
            if (row == null) {
                if (!waitingForItsCase(key)) {
                    unknown.add(task);
                }
                continue;
            }
            try {
                sync(row, task, readAt);
            } catch (TaskEngine.Unreachable e) {
                throw e;
            } catch (RuntimeException e) {
                log.warn("could not mirror user task {}, will retry: {}", key, e.toString());
            }
        }
        int created = 0;
        // a page of new tasks per transaction: a catch-up against many tasks costs a commit per page, not per task
        for (int from = 0; from < unknown.size(); from += batchSize) {
            created += firstSight(unknown.subList(from, Math.min(unknown.size(), from + batchSize)));
        }
        for (TaskRow row : known.values()) {
            if (!seen.contains(row.taskKey())) {
                try {
                    checkEnded(row);
                } catch (TaskEngine.Unreachable e) {
                    throw e;
                } catch (RuntimeException e) {
                    log.warn("could not check whether user task {} ended, will retry: {}", row.taskKey(), e.toString());
                }
            }
        }
        unmatched.keySet().retainAll(seen);
        return created;
    }

    private boolean waitingForItsCase(long key) {
        Instant retryAt = unmatched.get(key);
        return retryAt != null && clock.instant().isBefore(retryAt);
    }

    private int firstSight(List<UserTask> tasks) {
        Map<Long, TaskMirrorUpdates.Sighting> sightings = updates.createdAll(tasks);
        int mirrored = 0;
        for (UserTask task : tasks) {
            long key = task.getUserTaskKey();
            TaskMirrorUpdates.Sighting sighting = sightings.get(key);
            if (sighting == TaskMirrorUpdates.Sighting.NO_CASE) {
                unmatched.put(key, clock.instant().plus(UNMATCHED_RETRY));
                log.debug("user task {} of instance {} belongs to no known case; not mirrored", key,
                        task.getProcessInstanceKey());
            } else if (sighting != null) {
                unmatched.remove(key);
                if (sighting == TaskMirrorUpdates.Sighting.MIRRORED) {
                    mirrored++;
                }
            }
        }
        return mirrored;
    }

    private void sync(TaskRow row, UserTask task, Instant readAt) {
        updates.assigneeChanged(row, TaskMirrorUpdates.emptyToNull(task.getAssignee()), readAt);
        updates.scheduleChanged(row, TaskMirrorUpdates.instant(task.getDueDate()),
                TaskMirrorUpdates.instant(task.getFollowUpDate()), task.getPriority() == null ? 50 : task.getPriority(),
                TaskMirror.copy(task.getCandidateGroups()), TaskMirror.copy(task.getCandidateUsers()), readAt);
    }

    /** An open task the engine no longer lists as open: find out how it ended. */
    private void checkEnded(TaskRow row) {
        Optional<UserTask> task = engine.task(row.taskKey());
        UserTaskState state = task.map(UserTask::getState).orElse(null);
        TaskStatus ended;
        if (state == UserTaskState.COMPLETED) {
            ended = TaskStatus.COMPLETED;
        } else if (state == null || state == UserTaskState.CANCELED) {
            ended = TaskStatus.CANCELED;
        } else {
            // still open (being assigned, updated, ...), or the search has not caught up
            return;
        }
        updates.ended(row, ended, state == null ? "NOT_FOUND" : state.name());
    }
}
