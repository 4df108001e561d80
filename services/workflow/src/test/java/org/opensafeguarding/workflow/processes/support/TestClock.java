package org.opensafeguarding.workflow.processes.support;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The workflow service's clock in process tests: the system clock plus an offset, moved together with the engine's
 * clock by {@link ProcessHarness#setClock} and {@link ProcessHarness#advanceClock}, so "now" in a worker
 * ({@code clockStart=now}, case dates, event days) is the engine's "now" (timers, FEEL {@code now()}). It keeps
 * ticking, like the engine's offset clock.
 */
public final class TestClock extends Clock {

    private volatile long offsetMillis;
    /** When set, time stands still here (as the engine's does when pinned); offsets then move the pin. */
    private volatile Long pinnedAt;

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return Clock.offset(Clock.system(zone), Duration.ofMillis(offsetMillis));
    }

    @Override
    public Instant instant() {
        return Instant.ofEpochMilli(millis());
    }

    @Override
    public long millis() {
        Long pinned = pinnedAt;
        return pinned != null ? pinned : System.currentTimeMillis() + offsetMillis;
    }

    /** Stands time still at {@code instant}; {@link #setOffsetMillis} and {@link #advance} then move the pin. */
    public void pin(Instant instant) {
        pinnedAt = instant.toEpochMilli();
    }

    /** Lets time tick again, from the offset last set. */
    public void unpin() {
        pinnedAt = null;
    }

    public long offsetMillis() {
        return offsetMillis;
    }

    /** Sets the offset from the system clock. In process tests use the harness, which moves the engine's too. */
    public void setOffsetMillis(long offsetMillis) {
        Long pinned = pinnedAt;
        if (pinned != null) {
            pinnedAt = pinned + offsetMillis - this.offsetMillis;
        }
        this.offsetMillis = offsetMillis;
    }

    /** Moves this clock only (tests without an engine). */
    public void advance(Duration by) {
        setOffsetMillis(offsetMillis + by.toMillis());
    }
}
