package org.opensafeguarding.workflow.workers;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.Duration;

/**
 * How every {@code @JobWorker} of this service fails a job (replaces the starter's default, which sends the
 * whole stack trace as the incident message):
 *
 * <ul>
 *   <li>{@link InvalidCaseDataException} (bad input: unknown timescale, a finding the pinned KCSIE edition does not
 *       have, a date that is not a date): retries set to 0, so the engine raises an incident at once with the
 *       message naming the field and the rule. Retrying would give the same answer; a person fixes the variable
 *       and resolves the incident.</li>
 *   <li>anything else (database or engine unavailable, a bug): retries decremented, the engine offers the job again
 *       after {@link WorkerProperties#retryBackoff()}; when the model's retries (3) are used up, an incident.</li>
 * </ul>
 *
 * The message starts with the job type and element id and never contains variable values beyond the codes and
 * dates the exceptions name.
 */
@Component
@EnableConfigurationProperties(WorkerProperties.class)
public class JobFailureHandling implements JobExceptionHandlingStrategy {

    private static final Logger log = LoggerFactory.getLogger(JobFailureHandling.class);

    private final WorkerProperties properties;

    public JobFailureHandling(WorkerProperties properties) {
        this.properties = properties;
    }

    @Override
    public void handleException(Exception exception, ExceptionHandlingContext context) {
        ActivatedJob job = context.job();
        InvalidCaseDataException invalid = find(exception);
        int retries;
        Duration backOff;
        String message;
        if (invalid != null) {
            retries = 0;
            backOff = Duration.ZERO;
            message = job.getType() + " at " + job.getElementId() + ": " + invalid.getMessage();
            log.warn("job {} ({} at {}, instance {}) refused its input, raising an incident: {}", job.getKey(),
                    job.getType(), job.getElementId(), job.getProcessInstanceKey(), invalid.getMessage());
        } else {
            retries = Math.max(job.getRetries() - 1, 0);
            backOff = properties.retryBackoff();
            message = job.getType() + " at " + job.getElementId() + " could not be done (" + (retries > 0
                    ? "the engine will retry" : "no retries left") + "): " + summary(exception);
            log.warn("job {} ({} at {}, instance {}) failed, {} retries left: {}", job.getKey(), job.getType(),
                    job.getElementId(), job.getProcessInstanceKey(), retries, Failures.describe(exception));
        }
        if (message.length() > properties.maxErrorMessage()) {
            message = message.substring(0, properties.maxErrorMessage() - 3) + "...";
        }
        String sent = message;
        context.jobClient().newFailCommand(job).retries(retries).errorMessage(sent).retryBackoff(backOff).send()
                .whenComplete((ok, error) -> {
                    if (error != null) {
                        log.warn("could not fail job {} ({}); it will be offered again after its timeout: {}",
                                job.getKey(), sent, Failures.describe(error));
                    }
                });
    }

    private static InvalidCaseDataException find(Throwable error) {
        for (Throwable t = error; t != null; t = t.getCause()) {
            if (t instanceof InvalidCaseDataException invalid) {
                return invalid;
            }
        }
        return null;
    }

    /**
     * The exception chain as "Type: message; caused by Type: message", without stack frames; without any message when
     * the chain holds a database exception (its message and detail may quote case data), with the SQLState instead.
     */
    static String summary(Throwable error) {
        boolean database = Failures.isDatabase(error);
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable t = error; t != null && depth < 4; t = t.getCause(), depth++) {
            if (depth > 0) {
                out.append("; caused by ");
            }
            out.append(t.getClass().getSimpleName());
            if (t instanceof java.sql.SQLException sql && sql.getSQLState() != null) {
                out.append('[').append(sql.getSQLState()).append(']');
            }
            if (!database && t.getMessage() != null) {
                out.append(": ").append(t.getMessage());
            }
        }
        return out.toString();
    }
}
