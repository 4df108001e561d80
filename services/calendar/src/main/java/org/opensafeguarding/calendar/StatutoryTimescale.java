package org.opensafeguarding.calendar;

import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One timescale from the DOMAIN tables (§3.5, §3.9, §4.5, §5.5).
 *
 * @param id          the DOMAIN id, e.g. "L2b"
 * @param timescale   the value in force (the default, or a configuration override)
 * @param tags        the strength tags as printed in DOMAIN, e.g. [L, G] for "[L/G]"
 * @param kind        maximum (WITHIN) or minimum (AT_LEAST)
 * @param description one line saying what must happen
 * @param clock       the start → stop events, in DOMAIN's words
 * @param source      DOMAIN source ids
 * @param defaultTimescale the value from the defaults file, kept so an override can be audited
 */
public record StatutoryTimescale(String id, Timescale timescale, List<Strength> tags, TimescaleKind kind,
                                 String description, String clock, String source, Timescale defaultTimescale) {

    public StatutoryTimescale {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(timescale, "timescale");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(defaultTimescale, "defaultTimescale");
        if (tags == null || tags.isEmpty()) {
            throw new IllegalArgumentException(id + ": at least one strength tag is required");
        }
        tags = List.copyOf(tags);
        description = description == null ? "" : description;
        clock = clock == null ? "" : clock;
        source = source == null ? "" : source;
    }

    /** The strongest of the tags; it decides whether configuration may override the timescale. */
    public Strength strength() {
        return tags.stream().min(Comparator.naturalOrder()).orElseThrow();
    }

    public boolean isConfigurable() {
        return strength().isConfigurable();
    }

    public boolean isOverridden() {
        return !timescale.equals(defaultTimescale);
    }

    /** The tags in DOMAIN notation, e.g. "[L/G]". */
    public String tagText() {
        return tags.stream().map(Strength::name).collect(Collectors.joining("/", "[", "]"));
    }

    StatutoryTimescale withTimescale(Timescale value) {
        return new StatutoryTimescale(id, value, tags, kind, description, clock, source, defaultTimescale);
    }
}
