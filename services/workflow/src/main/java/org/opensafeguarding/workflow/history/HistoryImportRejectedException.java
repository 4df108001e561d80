package org.opensafeguarding.workflow.history;

import java.util.List;

/** The file was refused and nothing was imported; every fault found is listed, in file order. */
public class HistoryImportRejectedException extends RuntimeException {

    private final List<HistoryViolation> violations;

    public HistoryImportRejectedException(List<HistoryViolation> violations) {
        super(violations.size() + " fault(s) in the import file; nothing was imported");
        this.violations = List.copyOf(violations);
    }

    public List<HistoryViolation> violations() {
        return violations;
    }
}
