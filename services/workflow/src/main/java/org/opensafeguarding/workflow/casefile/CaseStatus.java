package org.opensafeguarding.workflow.casefile;

public enum CaseStatus {
    OPEN,
    CLOSED
}
