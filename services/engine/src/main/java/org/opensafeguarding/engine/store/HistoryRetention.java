package org.opensafeguarding.engine.store;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;
import org.opensafeguarding.engine.clock.EngineClock;
import org.opensafeguarding.engine.config.EngineProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Deletes ended instance trees from the history table once they ended longer ago than engine.history-retention
 * (engine clock). It runs on its own thread, never on the processing thread, in batches of {@value #BATCH} rows,
 * each its own short transaction, so a large backlog neither holds locks for long nor delays commands.
 */
@Component
public class HistoryRetention implements SmartLifecycle {

    private static final Logger LOG = LoggerFactory.getLogger(HistoryRetention.class);
    static final int BATCH = 1_000;
    private static final long SWEEP_SECONDS = 60;
    private static final String DELETE = "DELETE FROM engine_history WHERE ctid IN ("
            + "SELECT ctid FROM engine_history WHERE ended_at < ? LIMIT " + BATCH + ")";

    private final DataSource dataSource;
    private final EngineClock clock;
    private final Optional<Duration> retention;
    private final AtomicLong deleted = new AtomicLong();
    private ScheduledExecutorService sweeper;
    private volatile boolean running;

    public HistoryRetention(DataSource dataSource, EngineClock clock, EngineProperties properties) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.retention = properties.historyRetention();
    }

    /** Rows deleted since start. */
    public long deletedCount() {
        return deleted.get();
    }

    /** Deletes, batch by batch, every history row of trees that ended before the cutoff; returns how many. */
    public long deleteEndedBefore(long cutoffMillis) {
        long total = 0;
        int removed;
        do {
            try (Connection c = dataSource.getConnection(); PreparedStatement delete = c.prepareStatement(DELETE)) {
                delete.setLong(1, cutoffMillis);
                removed = delete.executeUpdate();
            } catch (SQLException e) {
                throw new IllegalStateException("could not delete expired engine history", e);
            }
            total += removed;
        } while (removed == BATCH && running);
        deleted.addAndGet(total);
        return total;
    }

    private void sweep() {
        if (retention.isEmpty()) {
            return;
        }
        try {
            long removed = deleteEndedBefore(clock.millis() - retention.get().toMillis());
            if (removed > 0) {
                LOG.info("engine history retention deleted {} records of instances that ended over {} ago",
                        removed, retention.get());
            }
        } catch (RuntimeException e) {
            LOG.warn("engine history retention sweep failed; trying again in {} s: {}", SWEEP_SECONDS, e.toString());
        }
    }

    @Override
    public void start() {
        running = true;
        if (retention.isEmpty()) {
            return;
        }
        sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "engine-history-retention");
            thread.setDaemon(true);
            return thread;
        });
        sweeper.scheduleWithFixedDelay(this::sweep, 0, SWEEP_SECONDS, TimeUnit.SECONDS);
        // a moved clock (tests, operators catching up) may age history at once
        clock.onChange(() -> {
            ScheduledExecutorService current = sweeper;
            if (running && current != null) {
                current.execute(this::sweep);
            }
        });
    }

    @Override
    public void stop() {
        running = false;
        if (sweeper != null) {
            sweeper.shutdownNow();
            try {
                sweeper.awaitTermination(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            sweeper = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
