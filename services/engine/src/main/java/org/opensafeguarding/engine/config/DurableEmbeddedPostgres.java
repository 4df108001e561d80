package org.opensafeguarding.engine.config;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * An embedded PostgreSQL that keeps what it acknowledged, for the local stack and the standalone engine (never for
 * tests, which keep zonky's fast defaults).
 *
 * <p>Two things zonky does for tests would lose case data here. It starts the server with {@code -F} and
 * {@code synchronous_commit=off}, so a commit reported done can vanish in a power cut: both are turned back on and
 * read back with {@code SHOW} before anyone connects. And when the JVM that started the server dies by
 * {@code kill -9}, the postmaster lives on as an orphan holding the data folder, so the next start fails on
 * {@code postmaster.pid}: zonky's own {@code epg-lock} in the folder is held by the owning JVM while it lives, so
 * being able to take it means the owner is gone and the orphan may be stopped (a fast shutdown; PostgreSQL's
 * crash recovery covers anything in flight) before starting again.
 */
public final class DurableEmbeddedPostgres {

    private static final Logger LOG = LoggerFactory.getLogger(DurableEmbeddedPostgres.class);
    private static final Duration ORPHAN_STOP_WAIT = Duration.ofSeconds(30);

    private DurableEmbeddedPostgres() {
    }

    /**
     * Starts the server on {@code folder}, keeping the folder's cluster, after taking over an orphan left by a
     * dead owner. {@code configure} adds the caller's own settings (port, listen address, shutdown hook).
     */
    public static EmbeddedPostgres start(Path folder, Consumer<EmbeddedPostgres.Builder> configure) {
        try {
            Files.createDirectories(folder);
            stopOrphanOf(folder);
            EmbeddedPostgres.Builder builder = EmbeddedPostgres.builder()
                    .setDataDirectory(folder)
                    // false keeps the data: initdb runs only when the folder has no cluster yet
                    .setCleanDataDirectory(false)
                    // later -c settings override zonky's -F, so these win
                    .setServerConfig("fsync", "on")
                    .setServerConfig("synchronous_commit", "on")
                    .setServerConfig("full_page_writes", "on");
            configure.accept(builder);
            EmbeddedPostgres server = builder.start();
            try {
                requireDurable(server);
            } catch (RuntimeException e) {
                server.close();
                throw e;
            }
            return server;
        } catch (IOException e) {
            throw new UncheckedIOException("embedded PostgreSQL did not start in " + folder.toAbsolutePath(), e);
        }
    }

    /** Refuses to go on unless the server really flushes commits to disk. */
    static void requireDurable(EmbeddedPostgres server) {
        try (Connection c = server.getPostgresDatabase().getConnection(); Statement s = c.createStatement()) {
            for (String setting : new String[] {"fsync", "synchronous_commit"}) {
                try (ResultSet rs = s.executeQuery("SHOW " + setting)) {
                    rs.next();
                    String value = rs.getString(1);
                    if (!"on".equals(value)) {
                        throw new IllegalStateException("embedded PostgreSQL runs with " + setting + "=" + value
                                + "; acknowledged commits would not survive a power cut");
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("could not read the embedded PostgreSQL's durability settings", e);
        }
    }

    /**
     * Stops the postmaster recorded in the folder when no live process owns the folder any more. Does nothing when
     * there is no server, and leaves a live owner's server alone (zonky then refuses to start with its own error).
     */
    static void stopOrphanOf(Path folder) throws IOException {
        OptionalLong recorded = postmasterPid(folder);
        if (recorded.isEmpty()) {
            return;
        }
        Optional<ProcessHandle> postmaster = ProcessHandle.of(recorded.getAsLong()).filter(ProcessHandle::isAlive)
                .filter(DurableEmbeddedPostgres::isPostgres);
        if (postmaster.isEmpty()) {
            // a stale pid file: PostgreSQL itself copes with it on start
            return;
        }
        if (!ownerIsGone(folder)) {
            return;
        }
        ProcessHandle orphan = postmaster.get();
        LOG.warn("PostgreSQL (pid {}) still holds {} although the process that started it has gone; stopping it",
                orphan.pid(), folder.toAbsolutePath());
        interrupt(orphan);
        try {
            orphan.onExit().get(ORPHAN_STOP_WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            throw new IllegalStateException("the orphaned PostgreSQL (pid " + orphan.pid() + ") holding "
                    + folder.toAbsolutePath() + " did not stop within " + ORPHAN_STOP_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping an orphaned PostgreSQL", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("could not wait for the orphaned PostgreSQL to stop", e);
        }
    }

    private static OptionalLong postmasterPid(Path folder) throws IOException {
        try {
            String first = Files.readAllLines(folder.resolve("postmaster.pid"), StandardCharsets.US_ASCII).stream()
                    .findFirst().orElse("").trim();
            return first.matches("\\d+") ? OptionalLong.of(Long.parseLong(first)) : OptionalLong.empty();
        } catch (NoSuchFileException e) {
            return OptionalLong.empty();
        }
    }

    private static boolean isPostgres(ProcessHandle process) {
        return process.info().command().map(c -> Path.of(c).getFileName().toString().startsWith("postgres"))
                .orElse(false);
    }

    /** zonky holds an exclusive lock on {@code epg-lock} for as long as its JVM runs the server. */
    private static boolean ownerIsGone(Path folder) throws IOException {
        Path lockFile = folder.resolve("epg-lock");
        if (!Files.exists(lockFile)) {
            return false;
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE)) {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                return false;
            }
            lock.release();
            return true;
        } catch (OverlappingFileLockException e) {
            // this JVM owns it: a second start in the same process, not an orphan
            return false;
        }
    }

    /** SIGINT is PostgreSQL's fast shutdown: sessions are cut, the checkpoint written. */
    private static void interrupt(ProcessHandle process) throws IOException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).redirectErrorStream(true)
                .start();
        try {
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                process.destroy();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
        }
    }
}
