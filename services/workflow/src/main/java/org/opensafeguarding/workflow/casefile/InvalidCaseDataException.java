package org.opensafeguarding.workflow.casefile;

/**
 * The data a step was given breaks a rule (an unknown timescale id, a finding the pinned KCSIE edition does not
 * have, a date that is not a date). Trying again cannot help: a person has to correct the data. The message names
 * the field and the rule, and never repeats free text.
 *
 * <p>Job workers turn it into a failed job with no retries left, so the engine raises an incident at once
 * (docs/workers.md, "Failures").
 */
public class InvalidCaseDataException extends RuntimeException {

    public InvalidCaseDataException(String message) {
        super(message);
    }
}
