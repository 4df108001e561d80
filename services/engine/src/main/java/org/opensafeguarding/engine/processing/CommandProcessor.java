package org.opensafeguarding.engine.processing;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.opensafeguarding.engine.clock.EngineClock;
import org.opensafeguarding.engine.config.EngineProperties;
import org.opensafeguarding.engine.feel.FeelExpressions;
import org.opensafeguarding.engine.state.ChangeSet;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
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
    private final java.time.Duration historyRetention;

    private EngineState state;
    private ProcessExecutor executor;
    private DueWork dueWork;
    private final Map<Long, List<CompletableFuture<ProcessInstanceRecord>>> awaitingCompletion = new HashMap<>();
    private final List<Runnable> afterCommit = new ArrayList<>();
    private final List<JobActivation.Waiting> waitingActivations = new ArrayList<>();
    private final StateStore.BatchWrite toWrite = new StateStore.BatchWrite();
    private boolean jobsAvailable;
    private volatile boolean running;
    private volatile boolean dueCheckRequested;
    /** A clock change may age history at once; sweep on the next due check rather than within a minute. */
    private volatile boolean historySweepRequested;
    private Thread thread;

    public CommandProcessor(StateStore store, EngineClock clock, FeelExpressions feel, EngineProperties properties) {
        this.store = store;
        this.clock = clock;
        this.feel = feel;
        this.maxBatchSize = properties.getProcessing().getMaxBatchSize();
        this.dueCheckMillis = properties.getProcessing().getDueCheckInterval().toMillis();
        this.historyRetention = properties.getHistoryRetention();
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
        queue.add(pending);
        return pending.future;
    }

    void requestDueCheck() {
        dueCheckRequested = true;
        historySweepRequested = true;
        queue.add(new Pending<>(p -> null));
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

    void awaitCompletion(long processInstanceKey, CompletableFuture<ProcessInstanceRecord> future) {
        awaitingCompletion.computeIfAbsent(processInstanceKey, k -> new ArrayList<>()).add(future);
    }

    void addWaitingActivation(JobActivation.Waiting waiting) {
        waitingActivations.add(waiting);
    }

    void resetState() {
        models.clear();
        state.purge();
        awaitingCompletion.clear();
    }

    @Override
    public void processInstanceEnded(ProcessInstanceRecord instance) {
        List<CompletableFuture<ProcessInstanceRecord>> futures = awaitingCompletion.remove(instance.key);
        if (futures != null) {
            afterCommit(() -> futures.forEach(f -> f.complete(instance)));
        }
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
                Pending<?> first = queue.poll(dueCheckMillis, TimeUnit.MILLISECONDS);
                if (!running) {
                    break;
                }
                if (first != null) {
                    batch.add(first);
                    queue.drainTo(batch, maxBatchSize - 1);
                }
                for (Pending<?> pending : batch) {
                    apply(pending);
                }

                if (dueCheckRequested || clock.millis() - lastDueCheck >= dueCheckMillis || first == null) {
                    dueCheckRequested = false;
                    lastDueCheck = clock.millis();
                    if (historySweepRequested) {
                        historySweepRequested = false;
                        runInternal(() -> dueWork.sweepHistory(true));
                    }
                    runInternal(dueWork::run);
                }
                if (jobsAvailable && !waitingActivations.isEmpty()) {
                    jobsAvailable = false;
                    runInternal(() -> JobActivation.serveWaiting(this, waitingActivations));
                }
                jobsAvailable = false;
                JobActivation.expireWaiting(waitingActivations, clock.millis(), afterCommit);
                commit(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (RuntimeException | Error e) {
                // a batch that cannot be committed is failed as a whole; memory goes back to what is stored
                LOG.error("engine processing loop failed; state reloaded from the store", e);
                failAll(batch, e);
                toWrite.clear();
                try {
                    reload();
                } catch (RuntimeException reloadFailed) {
                    LOG.error("reloading the engine state failed; retrying with the next batch", reloadFailed);
                }
            }
            batch.clear();
        }
        failWaiting();
    }

    /**
     * Applies one command. A command that fails after changing state is undone: what the earlier commands of
     * the batch did is written, and the in-memory state is rebuilt from the store, which then holds exactly that.
     */
    private <T> void apply(Pending<T> pending) {
        int actionsBefore = afterCommit.size();
        try {
            pending.result = pending.command.apply(this);
            executor.runAgenda();
        } catch (RuntimeException e) {
            pending.error = e;
            executor.clearAgenda();
            if (!(e instanceof EngineException)) {
                LOG.warn("command failed", e);
            }
        }
        collectChanges(pending.error != null, actionsBefore);
    }

    private void runInternal(Runnable work) {
        int actionsBefore = afterCommit.size();
        boolean failed = false;
        try {
            work.run();
            executor.runAgenda();
        } catch (RuntimeException e) {
            failed = true;
            executor.clearAgenda();
            LOG.error("internal engine work failed", e);
        }
        collectChanges(failed, actionsBefore);
    }

    private void collectChanges(boolean failed, int actionsBefore) {
        ChangeSet changes = state.takeChanges();
        if (!failed || changes.isEmpty()) {
            store.collect(toWrite, changes);
            return;
        }
        afterCommit.subList(actionsBefore, afterCommit.size()).clear();
        store.write(toWrite);
        toWrite.clear();
        reload();
    }

    private void commit(List<Pending<?>> batch) {
        store.collect(toWrite, state.takeChanges());
        store.write(toWrite);
        toWrite.clear();
        for (Pending<?> pending : batch) {
            pending.complete();
        }
        List<Runnable> actions = new ArrayList<>(afterCommit);
        afterCommit.clear();
        actions.forEach(Runnable::run);
    }

    private void failAll(List<Pending<?>> batch, Throwable cause) {
        for (Pending<?> pending : batch) {
            pending.future.completeExceptionally(cause);
        }
        afterCommit.clear();
    }

    private void failWaiting() {
        for (Pending<?> pending : queue) {
            pending.future.completeExceptionally(
                    new EngineException(EngineException.Reason.INVALID_STATE, "the engine is shutting down"));
        }
        for (JobActivation.Waiting waiting : waitingActivations) {
            waiting.future().complete(List.of());
        }
        awaitingCompletion.values().forEach(list -> list.forEach(f -> f.completeExceptionally(
                new EngineException(EngineException.Reason.INVALID_STATE, "the engine is shutting down"))));
    }

    private void reload() {
        EngineState fresh = new EngineState();
        fresh.restore(store.loadRecords(), store.loadMeta());
        install(fresh);
    }

    private void install(EngineState fresh) {
        this.state = fresh;
        this.models.clear();
        this.executor = new ProcessExecutor(fresh, feel, models, clock::millis, this);
        this.dueWork = new DueWork(this, historyRetention);
        this.jobsAvailable = true;
    }

    // ------------------------------------------------------------------ lifecycle

    @Override
    public void start() {
        EngineState loaded = new EngineState();
        loaded.restore(store.loadRecords(), store.loadMeta());
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

    private static final class Pending<T> {
        final Function<CommandProcessor, T> command;
        final CompletableFuture<T> future = new CompletableFuture<>();
        T result;
        RuntimeException error;

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
