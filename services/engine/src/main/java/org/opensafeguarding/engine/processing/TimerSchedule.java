package org.opensafeguarding.engine.processing;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;

/**
 * ISO 8601 timer values as Camunda 8 accepts them: a duration ("PT10M", "P1D", "P1Y2M"), a date-time
 * ("2025-01-01T10:00:00Z"), or a repeating cycle ("R3/PT10S", "R/PT1H", "R2/2025-01-01T10:00:00Z/PT1H").
 */
record TimerSchedule(long dueDate, int repetitions, long intervalMillis) {

    static TimerSchedule duration(String text, long now) {
        return new TimerSchedule(plus(now, text), 1, 0);
    }

    static TimerSchedule date(String text) {
        try {
            return new TimerSchedule(parseDate(text), 1, 0);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("invalid timer date '" + text + "': expected ISO 8601 date-time");
        }
    }

    static TimerSchedule cycle(String text, long now) {
        String[] parts = text.trim().split("/");
        if (parts.length < 2 || !parts[0].startsWith("R")) {
            throw new IllegalArgumentException("invalid timer cycle '" + text
                    + "': expected ISO 8601 repeating interval like R3/PT10S (cron is not supported)");
        }
        int repetitions = parts[0].length() == 1 ? -1 : Integer.parseInt(parts[0].substring(1));
        if (parts.length == 3) {
            long start = parseDate(parts[1]);
            long interval = plus(start, parts[2]) - start;
            long due = start;
            return new TimerSchedule(due, repetitions, interval);
        }
        long interval = plus(now, parts[1]) - now;
        return new TimerSchedule(now + interval, repetitions, interval);
    }

    /** The same cycle one step later, or null when it was the last repetition. */
    TimerSchedule next() {
        if (repetitions == 1 || repetitions == 0) {
            return null;
        }
        return new TimerSchedule(dueDate + intervalMillis, repetitions < 0 ? -1 : repetitions - 1, intervalMillis);
    }

    private static long parseDate(String text) {
        String value = text.trim();
        try {
            return OffsetDateTime.parse(value).toInstant().toEpochMilli();
        } catch (DateTimeParseException e) {
            return ZonedDateTime.parse(value).toInstant().toEpochMilli();
        }
    }

    static long plus(long from, String isoDuration) {
        String value = isoDuration.trim();
        try {
            return from + Duration.parse(value).toMillis();
        } catch (DateTimeParseException notExact) {
            try {
                int t = value.indexOf('T');
                Period period = Period.parse(t < 0 ? value : value.substring(0, t));
                ZonedDateTime shifted = Instant.ofEpochMilli(from).atZone(ZoneOffset.UTC).plus(period);
                long millis = shifted.toInstant().toEpochMilli();
                return t < 0 ? millis : millis + Duration.parse("P" + value.substring(t)).toMillis();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("invalid timer duration '" + isoDuration
                        + "': expected ISO 8601 duration like PT10M or P1D");
            }
        }
    }
}
