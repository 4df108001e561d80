package org.opensafeguarding.engine.processing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.opensafeguarding.engine.clock.EngineClock;
import org.opensafeguarding.engine.config.EngineProperties;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ChangeSet;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.HistoryRow;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.JobRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.ProcessInstanceState;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.TimerRecord;
import org.opensafeguarding.engine.store.CommitOutcomeUnknown;
import org.opensafeguarding.engine.store.StateStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The single writer, like one Zeebe partition: one thread takes commands from a queue, applies them to the
 * in-memory state one after the other, writes everything a batch changed to PostgreSQL in one transaction
 * (group commit), and only then completes the commands' futures. So an acknowledged command is on disk, and
 * under load many commands share one commit.
 *
 * <p>Fail safe: when a batch cannot be committed, its commands are refused, memory (which holds their changes) is
 * dropped, and the processor refuses every command ({@link EngineException.Reason#UNAVAILABLE}, with a retry
 * hint) until it has read the state back from the store and checked that the store takes writes again, retrying
 * with back-off. So memory never holds what the store does not, and a command the caller was told failed is not
 * live anywhere. A rejected command is checked before it changes anything, so it costs no reload.
 *
 * <p>In doubt: when the commit itself fails ({@link CommitOutcomeUnknown}), PostgreSQL may have committed and only
 * the answer been lost, so refusing would invite a retry that duplicates. Those commands are held unanswered; each
 * batch writes its number to {@code engine_meta} in its own transaction, and the first time recovery can read the
 * meta it decides: the stored number at or above the batch's means committed (the held commands get their
 * results), below means not (refused as above). Undecided after {@code engine.processing.in-doubt-timeout}, they
 * are answered {@link EngineException.Reason#DEADLINE_EXCEEDED}: the outcome is unknown, never "refused".
 */
@Component
public class CommandProcessor implements SmartLifecycle, ExecutionListener {

    private static final Logger LOG = LoggerFactory.getLogger(CommandProcessor.class);

    private final BlockingQueue<Pending<?>> queue = new LinkedBlockingQueue<>();
    private final StateStore store;
    private final EngineClock clock;
    private final FeelExpressions feel;
    private final int maxBatchSize;
    private final long dueCheckMillis;
    private final ProcessModels models = new ProcessModels();
    private final ArchiveViews archiveViews;
    /** Root instances that ended during the current command: moved to history once the command is done. */
    private final List<ProcessInstanceRecord> endedRoots = new ArrayList<>();
    /**
     * Ended roots whose tree still has an open job: a canceling task listener's job outlives its instance (the
     * instance ends at once, the listener runs after), so the tree stays in memory until that job is done.
     */
    private final java.util.Set<Long> rootsAwaitingJobs = new java.util.LinkedHashSet<>();
    /** Ended root instances left in memory by an engine from before the history table: moved on the first pass. */
    private boolean archiveLeftovers = true;

    private EngineState state;
    private ProcessExecutor executor;
    private DueWork dueWork;
    private final Map<Long, List<CompletableFuture<Map<String, Object>>>> awaitingCompletion = new HashMap<>();
    /** Callers of user task commands waiting for the task's listeners, by user task key. */
    private final Map<Long, List<CompletableFuture<Void>>> awaitingTaskTransition = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<JobActivation.Waiting> waitingActivations = new ArrayList<>();
    private final StateStore.BatchWrite toWrite = new StateStore.BatchWrite();
    private boolean jobsAvailable;
    private volatile boolean running;
    private volatile boolean dueCheckRequested;
    private Thread thread;

    /** False from a failed commit until the state has been reloaded from the store. */
    private volatile boolean acceptingCommands = true;
    private volatile long reloadDelayMillis = FIRST_RELOAD_DELAY_MILLIS;
    private final AtomicLong reloads = new AtomicLong();
    private final AtomicLong storeFailures = new AtomicLong();
    /** ACTIVE incidents as of the last commit or reload, for other threads (the state is the processing thread's). */
    private volatile int activeIncidents;
    private volatile int parkedActivations;
    private volatile int timersGivenUp;
    /** What the last failed internal work threw, for the incident of a timer that keeps failing. */
    private Throwable lastInternalFailure;
    private final TimerQuarantine quarantine = new TimerQuarantine();
    private final LatencyTrace trace = LatencyTrace.fromSystemProperty();

    private static final long FIRST_RELOAD_DELAY_MILLIS = 100;
    private static final long MAX_RELOAD_DELAY_MILLIS = 5_000;
    /** How long commands of a batch whose commit outcome is unknown wait for recovery to learn it. */
    private final long inDoubtTimeoutMillis;

    /** Number of the last batch handed to the store; continues from the stored one after a start or reload. */
    private long lastBatch;
    /** The commands of the batch whose commit outcome is unknown, until recovery learns it; null otherwise. */
    private InDoubt inDoubt;

    public CommandProcessor(StateStore store, EngineClock clock, FeelExpressions feel, EngineProperties properties,
                            ArchiveViews archiveViews) {
        this.store = store;
        this.clock = clock;
        this.feel = feel;
        this.maxBatchSize = properties.getProcessing().getMaxBatchSize();
        this.dueCheckMillis = properties.getProcessing().getDueCheckInterval().toMillis();
        this.inDoubtTimeoutMillis = properties.getProcessing().getInDoubtTimeout().toMillis();
        this.archiveViews = archiveViews;
        clock.onChange(this::requestDueCheck);
    }

    // ------------------------------------------------------------------ submission (any thread)

    /** Runs the command on the processing thread; the future completes once its changes are committed. */
    public <T> CompletableFuture<T> submit(Function<CommandProcessor, T> command) {
        Pending<T> pending = new Pending<>(command);
        if (!running) {
            pending.future.completeExceptionally(
                    new EngineException(EngineException.Reason.INVALID_STATE, "the engine is not running"));
            return pending.future;
        }
        if (!acceptingCommands) {
            pending.future.completeExceptionally(unavailable());
            return pending.future;
        }
        if (trace.enabled()) {
            pending.enqueuedAt = System.nanoTime();
        }
        queue.add(pending);
        return pending.future;
    }

    void requestDueCheck() {
        dueCheckRequested = true;
        queue.add(new Pending<>(p -> null));
    }

    /** False while the engine refuses commands because a commit failed and the state is being reloaded. */
    public boolean acceptsCommands() {
        return acceptingCommands;
    }

    /** How often memory was rebuilt from the store since start (after a failed commit or an undone command). */
    public long reloadCount() {
        return reloads.get();
    }

    /** How many batches could not be committed since start. */
    public long storeFailureCount() {
        return storeFailures.get();
    }

    /** Commands submitted and not yet taken by the processing thread. */
    public int queuedCommands() {
        return queue.size();
    }

    /** Job activations (long polls) parked until a job comes or their time is up, as of the last commit. */
    public int parkedActivations() {
        return parkedActivations;
    }

    /**
     * Timer start events that failed every attempt to fire and wait for a restart or a new deployment, as of the
     * last commit (an element's timer that fails so is an incident instead).
     */
    public int timersGivenUp() {
        return timersGivenUp;
    }

    /** An operator resolved the incident of a timer that could not fire: it is tried again at the next due check. */
    void releaseTimer(long timerKey) {
        quarantine.release(timerKey);
        dueCheckRequested = true;
    }

    /** Incidents waiting for an operator, as of the last commit. */
    public int activeIncidents() {
        return activeIncidents;
    }

    private EngineException unavailable() {
        return EngineException.unavailable("The engine could not write to its store and is reloading its state; "
                + "the command was not applied, send it again later", (reloadDelayMillis + 999) / 1000);
    }

    // ------------------------------------------------------------------ accessors for commands (processing thread)

    public EngineState state() {
        return state;
    }

    ProcessExecutor executor() {
        return executor;
    }

    ProcessModels models() {
        return models;
    }

    public long now() {
        return clock.millis();
    }

    void afterCommit(Runnable action) {
        afterCommit.add(action);
    }

    /**
     * Completes the future with the instance's variables once its end is committed. They are read on the
     * processing thread then, so the answer needs no further command, which a store failure in between could
     * refuse although the instance is done (a caller retrying that would start it twice).
     */
    void awaitCompletion(long processInstanceKey, CompletableFuture<Map<String, Object>> future) {
        awaitingCompletion.computeIfAbsent(processInstanceKey, k -> new ArrayList<>()).add(future);
    }

    /** The root scope's variables of an ended instance, a copy per caller; processing thread only. */
    Map<String, Object> endVariables(long processInstanceKey) {
        return new java.util.LinkedHashMap<>(executor.variables().local(processInstanceKey));
    }

    /** A future that completes once the user task's transition in progress takes effect (or fails if denied). */
    CompletableFuture<Void> awaitUserTaskTransition(long userTaskKey) {
        CompletableFuture<Void> future = new CompletableFuture<>();
        awaitingTaskTransition.computeIfAbsent(userTaskKey, k -> new ArrayList<>()).add(future);
        return future;
    }

    @Override
    public void userTaskTransitionEnded(long userTaskKey, EngineException refusal) {
        List<CompletableFuture<Void>> futures = awaitingTaskTransition.remove(userTaskKey);
        if (futures != null) {
            afterCommit(() -> futures.forEach(f -> {
                if (refusal == null) {
                    f.complete(null);
                } else {
                    f.completeExceptionally(refusal);
                }
            }));
        }
    }

    void addWaitingActivation(JobActivation.Waiting waiting) {
        waitingActivations.add(waiting);
    }

    void resetState() {
        models.clear();
        state.purge();
        awaitingCompletion.clear();
        endedRoots.clear();
        awaitingTaskTransition.clear();
    }

    /**
     * The variables are read now: once the command is done the ended tree leaves memory for the history table.
     * A root instance is queued to move there when the command finishes (its children move with it).
     */
    @Override
    public void processInstanceEnded(ProcessInstanceRecord instance) {
        List<CompletableFuture<Map<String, Object>>> futures = awaitingCompletion.remove(instance.key);
        if (futures != null) {
            Map<String, Object> variables = endVariables(instance.key);
            afterCommit(() -> futures.forEach(f -> f.complete(new java.util.LinkedHashMap<>(variables))));
        }
        if (instance.parentProcessInstanceKey == null) {
            endedRoots.add(instance);
        }
    }

    /** Moves the instance trees whose root ended in this command out of memory, in the same group commit. */
    private void archiveEndedRoots() {
        for (Long waiting : rootsAwaitingJobs) {
            ProcessInstanceRecord root = state.processInstance(waiting);
            if (root != null) {
                endedRoots.add(root);
            }
        }
        rootsAwaitingJobs.clear();
        for (ProcessInstanceRecord root : endedRoots) {
            if (state.processInstance(root.key) == null) {
                continue;
            }
            List<EngineRecord> tree = state.recordsOfTree(root.key);
            if (tree.stream().anyMatch(r -> r instanceof JobRecord job && job.isOpen())) {
                rootsAwaitingJobs.add(root.key);
                continue;
            }
            List<EngineRecord> kept = tree.stream().filter(r -> HistoryRow.kept(r.kind())).toList();
            List<String> views = archiveViews.views(state, kept);
            List<HistoryRow> rows = new ArrayList<>(kept.size());
            long endedAt = root.endDate == null ? now() : root.endDate;
            for (int i = 0; i < kept.size(); i++) {
                rows.add(new HistoryRow(kept.get(i), root.key, endedAt, views.get(i)));
            }
            state.archive(root.key, rows);
        }
        endedRoots.clear();
    }

    /** Ended roots an older engine kept in memory and engine_record: they move to history like new ones. */
    private void archiveLeftoverEndedRoots() {
        for (ProcessInstanceRecord instance : state.<ProcessInstanceRecord>all(
                RecordKind.PROCESS_INSTANCE)) {
            if (instance.state != ProcessInstanceState.ACTIVE && instance.parentProcessInstanceKey == null) {
                endedRoots.add(instance);
            }
        }
        archiveEndedRoots();
    }

    @Override
    public void jobAvailable(String type) {
        jobsAvailable = true;
    }

    // ------------------------------------------------------------------ the loop

    private void loop() {
        long lastDueCheck = 0;
        List<Pending<?>> batch = new ArrayList<>();
        while (running) {
            try {
                if (!acceptingCommands) {
                    recover();
                    continue;
                }
                Pending<?> first = queue.poll(dueCheckMillis, TimeUnit.MILLISECONDS);
                if (!running) {
                    break;
                }
                trace.batchStarted();
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatchSize - 1);
                }
                for (int i = 0; i < batch.size(); i++) {
                    apply(batch, i);
                }
                trace.applied();

                if (archiveLeftovers) {
                    archiveLeftovers = false;
                    runInternal(batch, this::archiveLeftoverEndedRoots);
                }
                if (dueCheckRequested || clock.millis() - lastDueCheck >= dueCheckMillis || first == null) {
                    dueCheckRequested = false;
                    lastDueCheck = clock.millis();
                    fireDueTimers(batch);
                    runInternal(batch, dueWork::run);
                }
                if (jobsAvailable && !waitingActivations.isEmpty()) {
                    jobsAvailable = false;
                    runInternal(batch, () -> JobActivation.serveWaiting(this, waitingActivations));
                }
                jobsAvailable = false;
                JobActivation.expireWaiting(waitingActivations, clock.millis(), afterCommit);
                trace.internalWorkDone();
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                storeFailures.incrementAndGet();
                LOG.error("engine batch could not be committed; refusing commands until the state is reloaded "
                        + "from the store", e);
                toWrite.clear();
                enterRecovery();
                if (e instanceof InDoubt held) {
                    inDoubt = held;
                    batch.removeAll(held.commands);
                }
                failAll(batch, unavailable());
            }
            batch.clear();
        }
        failWaiting();
    }

    /**
     * Applies one command. Commands are checked before they change anything, so a rejection normally leaves
     * nothing to undo. One that fails after changing state (an unexpected error) is undone: the earlier commands
     * of the batch are committed and acknowledged, then memory is rebuilt from the store, which holds exactly that.
     */
    private <T> void apply(List<Pending<?>> batch, int index) {
        @SuppressWarnings("unchecked")
        Pending<T> pending = (Pending<T>) batch.get(index);
        int actionsBefore = afterCommit.size();
        try {
            pending.result = pending.command.apply(this);
            executor.runAgenda();
            archiveEndedRoots();
        } catch (RuntimeException e) {
            pending.error = e;
            executor.clearAgenda();
            endedRoots.clear();
            if (!(e instanceof EngineException)) {
                LOG.warn("command failed", e);
            }
        }
        ChangeSet changes = state.takeChanges();
        if (pending.error == null || changes.isEmpty()) {
            store.collect(toWrite, changes);
            return;
        }
        if (pending.error instanceof EngineException) {
            LOG.warn("a command changed state before it was rejected; undoing it by reloading the state",
                    pending.error);
        }
        pending.complete();
        undo(batch.subList(0, index), actionsBefore);
    }

    /** Fires each due timer on its own, so that one that fails is undone alone and retried later, not at once. */
    private void fireDueTimers(List<Pending<?>> batch) {
        long wallClock = System.currentTimeMillis();
        for (long timerKey : dueWork.dueTimers(quarantine)) {
            if (quarantine.holds(timerKey, wallClock)) {
                continue;
            }
            boolean fired = runInternal(batch, () -> dueWork.fire(timerKey));
            if (fired) {
                quarantine.release(timerKey);
                continue;
            }
            long delay = quarantine.failed(timerKey, wallClock);
            if (delay >= 0) {
                LOG.error("timer {} could not fire; trying it again in {} ms", timerKey, delay);
                continue;
            }
            Throwable cause = lastInternalFailure;
            runInternal(batch, () -> dueWork.raiseIncident(timerKey, TimerQuarantine.MAX_ATTEMPTS, cause));
            TimerRecord timer = state.get(RecordKind.TIMER, timerKey);
            if (timer != null && timer.incidentKey != null) {
                // the incident holds the timer from now on, in the store, across restarts
                quarantine.release(timerKey);
                LOG.error("timer {} could not fire {} times; it waits for its incident to be resolved", timerKey,
                        TimerQuarantine.MAX_ATTEMPTS);
            } else {
                LOG.error("timer {} could not fire {} times; not tried again until the engine restarts or its "
                        + "process is deployed again", timerKey, TimerQuarantine.MAX_ATTEMPTS);
            }
        }
    }

    /** Runs work of the engine's own (due timers, job deadlines); returns false if it failed and was undone. */
    private boolean runInternal(List<Pending<?>> batch, Runnable work) {
        int actionsBefore = afterCommit.size();
        boolean failed = false;
        try {
            work.run();
            executor.runAgenda();
            archiveEndedRoots();
        } catch (RuntimeException e) {
            failed = true;
            executor.clearAgenda();
            endedRoots.clear();
            lastInternalFailure = e;
            LOG.error("internal engine work failed", e);
        }
        ChangeSet changes = state.takeChanges();
        if (!failed || changes.isEmpty()) {
            store.collect(toWrite, changes);
            return !failed;
        }
        undo(batch, actionsBefore);
        return false;
    }

    /**
     * Throws away what memory holds beyond the commands before the failure: those are committed and acknowledged
     * first (a failing write goes to the fail-safe path with nothing acknowledged), then the state is reloaded.
     */
    private void undo(List<Pending<?>> applied, int actionsBefore) {
        afterCommit.subList(actionsBefore, afterCommit.size()).clear();
        write(applied);
        for (Pending<?> pending : applied) {
            pending.complete();
        }
        List<Runnable> actions = new ArrayList<>(afterCommit);
        afterCommit.clear();
        actions.forEach(Runnable::run);
        reload();
    }

    private void commit(List<Pending<?>> batch) {
        store.collect(toWrite, state.takeChanges());
        write(batch);
        activeIncidents = state.incidentCount(IncidentState.ACTIVE);
        parkedActivations = waitingActivations.size();
        timersGivenUp = quarantine.givenUp();
        trace.committed();
        for (Pending<?> pending : batch) {
            pending.complete();
        }
        List<Runnable> actions = new ArrayList<>(afterCommit);
        afterCommit.clear();
        actions.forEach(Runnable::run);
        trace.answered(batch, pending -> pending.enqueuedAt);
    }

    /**
     * Writes what the batch collected under a new batch number. If the commit's outcome is unknown, the commands
     * that this write would acknowledge are handed to the loop as {@link InDoubt} (a copy: the list is reused).
     */
    private void write(List<Pending<?>> acknowledged) {
        toWrite.markBatch(++lastBatch);
        try {
            store.write(toWrite);
        } catch (CommitOutcomeUnknown e) {
            throw new InDoubt(lastBatch, new ArrayList<>(acknowledged),
                    System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(inDoubtTimeoutMillis), e);
        } finally {
            toWrite.clear();
        }
    }

    /**
     * Memory holds changes the store does not: stop taking commands. Parked job activations end with no jobs (the
     * worker polls again and is told to wait); callers awaiting the end of a committed instance keep waiting.
     */
    private void enterRecovery() {
        acceptingCommands = false;
        reloadDelayMillis = FIRST_RELOAD_DELAY_MILLIS;
        afterCommit.clear();
        for (JobActivation.Waiting waiting : waitingActivations) {
            waiting.future().complete(List.of());
        }
        waitingActivations.clear();
        parkedActivations = 0;
        jobsAvailable = false;
    }

    /** One attempt to reload the state; on failure, refuses what arrives until the next attempt is due. */
    private void recover() throws InterruptedException {
        settleInDoubt();
        // while a batch is in doubt nothing may be written: a later batch's number in the meta would read as that
        // batch committed (the store can come back between the meta read that failed and a reload that works)
        if (inDoubt == null) {
            try {
                reload();
                acceptingCommands = true;
                LOG.info("engine state reloaded from the store; taking commands again");
                return;
            } catch (RuntimeException e) {
                LOG.warn("reloading the engine state failed; trying again in {} ms: {}", reloadDelayMillis,
                        e.toString());
            }
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(reloadDelayMillis);
        if (inDoubt != null && inDoubt.deadlineNanos - deadline < 0) {
            deadline = inDoubt.deadlineNanos;
        }
        reloadDelayMillis = Math.min(reloadDelayMillis * 2, MAX_RELOAD_DELAY_MILLIS);
        long remaining;
        while (running && (remaining = deadline - System.nanoTime()) > 0) {
            Pending<?> refused = queue.poll(remaining, TimeUnit.NANOSECONDS);
            if (refused != null) {
                refused.future.completeExceptionally(unavailable());
            }
        }
    }

    /**
     * Learns whether the in-doubt batch committed as soon as the meta can be read (the store need not take writes
     * yet): its number is written with it, and no later batch is written before this is decided.
     */
    private void settleInDoubt() {
        if (inDoubt == null) {
            return;
        }
        long stored;
        try {
            stored = store.loadMeta().getOrDefault(StateStore.META_LAST_BATCH, 0L);
        } catch (RuntimeException e) {
            if (System.nanoTime() - inDoubt.deadlineNanos >= 0) {
                LOG.error("could not learn whether engine batch {} committed; answering its {} commands that the "
                        + "outcome is unknown", inDoubt.number, inDoubt.commands.size());
                inDoubt.commands.forEach(p -> p.future.completeExceptionally(outcomeUnknown()));
                inDoubt = null;
            }
            return;
        }
        if (stored >= inDoubt.number) {
            LOG.warn("engine batch {} committed although its commit failed; answering its commands", inDoubt.number);
            inDoubt.commands.forEach(Pending::complete);
        } else {
            LOG.warn("engine batch {} did not commit; refusing its commands", inDoubt.number);
            inDoubt.commands.forEach(p -> p.future.completeExceptionally(unavailable()));
        }
        inDoubt = null;
    }

    private static EngineException outcomeUnknown() {
        return new EngineException(EngineException.Reason.DEADLINE_EXCEEDED, "The engine lost the answer of its "
                + "store while committing the command and could not learn whether it was applied; check whether it "
                + "took effect before sending it again");
    }

    private void failAll(List<Pending<?>> batch, Throwable cause) {
        for (Pending<?> pending : batch) {
            pending.future.completeExceptionally(cause);
        }
        afterCommit.clear();
    }

    private void failWaiting() {
        if (inDoubt != null) {
            inDoubt.commands.forEach(p -> p.future.completeExceptionally(outcomeUnknown()));
            inDoubt = null;
        }
        for (Pending<?> pending : queue) {
            pending.future.completeExceptionally(
                    new EngineException(EngineException.Reason.INVALID_STATE, "the engine is shutting down"));
        }
        for (JobActivation.Waiting waiting : waitingActivations) {
            waiting.future().complete(List.of());
        }
        awaitingCompletion.values().forEach(list -> list.forEach(f -> f.completeExceptionally(
                new EngineException(EngineException.Reason.INVALID_STATE, "the engine is shutting down"))));
        awaitingTaskTransition.values().forEach(list -> list.forEach(f -> f.completeExceptionally(
                new EngineException(EngineException.Reason.INVALID_STATE, "the engine is shutting down"))));
    }

    /** Rebuilds memory from the store, and checks that the store takes writes again before anything may use it. */
    private void reload() {
        EngineState fresh = new EngineState();
        Map<String, Long> meta = store.loadMeta();
        fresh.restore(store.loadRecords(), meta);
        store.checkWritable();
        lastBatch = Math.max(lastBatch, meta.getOrDefault(StateStore.META_LAST_BATCH, 0L));
        install(fresh);
        reloads.incrementAndGet();
        awaitingCompletion.values().forEach(futures -> futures.removeIf(CompletableFuture::isDone));
        awaitingCompletion.values().removeIf(List::isEmpty);
        awaitingTaskTransition.values().forEach(futures -> futures.removeIf(CompletableFuture::isDone));
        awaitingTaskTransition.values().removeIf(List::isEmpty);
    }

    private void install(EngineState fresh) {
        this.state = fresh;
        this.models.clear();
        this.executor = new ProcessExecutor(fresh, feel, models, clock::millis, this);
        this.dueWork = new DueWork(this);
        this.endedRoots.clear();
        this.rootsAwaitingJobs.clear();
        this.archiveLeftovers = true;
        this.jobsAvailable = true;
        this.activeIncidents = fresh.incidentCount(IncidentState.ACTIVE);
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        EngineState loaded = new EngineState();
        Map<String, Long> meta = store.loadMeta();
        loaded.restore(store.loadRecords(), meta);
        lastBatch = Math.max(lastBatch, meta.getOrDefault(StateStore.META_LAST_BATCH, 0L));
        install(loaded);
        running = true;
        thread = new Thread(this::loop, "engine-processor");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public void stop() {
        running = false;
        if (thread != null) {
            queue.add(new Pending<>(p -> null));
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Starts before the web servers accept requests and stops after they are gone. */
    @Override
    public int getPhase() {
        return Integer.MIN_VALUE + 1000;
    }

    /** A batch whose commit outcome is unknown, thrown out of the write to the loop's fail-safe path. */
    private static final class InDoubt extends RuntimeException {
        final long number;
        final List<Pending<?>> commands;
        final long deadlineNanos;

        InDoubt(long number, List<Pending<?>> commands, long deadlineNanos, CommitOutcomeUnknown cause) {
            super("the commit outcome of engine batch " + number + " is unknown", cause);
            this.number = number;
            this.commands = commands;
            this.deadlineNanos = deadlineNanos;
        }
    }

    private static final class Pending<T> {
        final Function<CommandProcessor, T> command;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        RuntimeException error;
        /** When it was submitted (System.nanoTime), only while the latency trace is on. */
        long enqueuedAt;

        Pending(Function<CommandProcessor, T> command) {
            this.command = command;
        }

        void complete() {
            if (error != null) {
                future.completeExceptionally(error);
            } else {
                future.complete(result);
            }
        }
    }

}
