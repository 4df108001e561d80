package org.opensafeguarding.reporting.api;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** The team that works a case type: the unit managers read their figures by. */
public enum Team {
    LADO(List.of("LADO_ALLEGATION")),
    CDOP(List.of("CHILD_DEATH")),
    REVIEW(List.of("SERIOUS_CASE_REVIEW", "SERIOUS_INCIDENT"));

    private final List<String> caseTypes;

    Team(List<String> caseTypes) {
        this.caseTypes = caseTypes;
    }

    public List<String> caseTypes() {
        return caseTypes;
    }

    public static String of(String caseType) {
        return Arrays.stream(values()).filter(t -> t.caseTypes.contains(caseType)).findFirst().map(Enum::name)
                .orElse("OTHER");
    }

    public static Optional<Team> named(String name) {
        return Arrays.stream(values()).filter(t -> t.name().equalsIgnoreCase(name)).findFirst();
    }
}
