package org.opensafeguarding.calendar;

import java.util.List;

/** One or more configured overrides were rejected; every problem is listed so one deploy fixes them all. */
public class InvalidTimescaleOverrideException extends IllegalArgumentException {

    private final List<String> problems;

    public InvalidTimescaleOverrideException(List<String> problems) {
        super("Invalid timescale override(s):\n  - " + String.join("\n  - ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
