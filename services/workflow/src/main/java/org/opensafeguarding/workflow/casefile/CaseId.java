package org.opensafeguarding.workflow.casefile;

import java.util.Objects;
import java.util.UUID;

/** Identity of a case record. Random, so it reveals nothing and cannot be guessed from another case's id. */
public record CaseId(UUID value) {

    public CaseId {
        Objects.requireNonNull(value, "case id");
    }

    public static CaseId newId() {
        return new CaseId(UUID.randomUUID());
    }

    /** Parses a case id from outside input; throws IllegalArgumentException when it is not a UUID. */
    public static CaseId parse(String text) {
        return new CaseId(UUID.fromString(text));
    }

    @Override
    public String toString() {
        return value.toString();
    }
}
