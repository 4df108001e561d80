package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.casefile.CaseType;

import java.util.Arrays;
import java.util.Optional;

/** The import formats, one per case type, by the name the API path and the command use. */
public enum ImportType {
    LADO_ALLEGATION("lado-allegation", CaseType.LADO_ALLEGATION),
    CHILD_DEATH("child-death", CaseType.CHILD_DEATH),
    /** Serious case reviews (SCR-WT2013) and child safeguarding practice reviews (CSPR-WT2018), by their dates. */
    CASE_REVIEW("case-review", CaseType.SERIOUS_CASE_REVIEW);

    private final String path;
    private final CaseType caseType;

    ImportType(String path, CaseType caseType) {
        this.path = path;
        this.caseType = caseType;
    }

    public String path() {
        return path;
    }

    public CaseType caseType() {
        return caseType;
    }

    public static Optional<ImportType> fromPath(String path) {
        return Arrays.stream(values()).filter(t -> t.path.equals(path)).findFirst();
    }
}
