package org.opensafeguarding.workflow.casefile;

/** The statutory process family a case belongs to; the regime within it is the case's process version. */
public enum CaseType {
    LADO_ALLEGATION,
    CHILD_DEATH,
    SERIOUS_CASE_REVIEW,
    SERIOUS_INCIDENT
}
