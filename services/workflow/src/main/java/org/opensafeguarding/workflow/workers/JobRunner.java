package org.opensafeguarding.workflow.workers;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Runs the steps of the job workers: reads the job's input, gives the step the current time (the service's
 * {@link Clock}; tests keep it in step with the engine's clock) and an audit actor ({@code worker:<job type>}), and
 * makes the step's effects exactly-once for at-least-once jobs.
 *
 * <p>Exactly-once effects for at-least-once jobs. {@link #once} claims the job key in {@code worker_job} and runs the
 * work in the same transaction, storing what it returned. A repeat delivery of the same job (a timeout, an answer
 * the engine never got) finds the claim and gets the stored result back without doing anything: no second row,
 * audit entry or event. Two deliveries at the same moment queue on the claim; the second sees the first's result.
 * A failed attempt rolls its claim back with everything else, so a retry does the work afresh.
 */
@Component
public class JobRunner {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public JobRunner(JdbcClient jdbc, TransactionTemplate transactions, Clock clock) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One step of a worker: returns the variables for the engine, only what changed. */
    @FunctionalInterface
    public interface Step {
        Map<String, Object> apply(JobInput input, Instant now, String actor);
    }

    /** Runs the step once per job key; see the class comment. */
    public Map<String, Object> run(ActivatedJob job, Step step) {
        JobInput input = JobInput.of(job);
        return once(job, () -> step.apply(input, clock.instant(), actor(job)));
    }

    /** The audit actor for a job's changes. */
    public static String actor(ActivatedJob job) {
        return "worker:" + job.getType();
    }

    /** @param work runs inside the transaction; returns the variables for the engine (only what changed) */
    public Map<String, Object> once(ActivatedJob job, Supplier<Map<String, Object>> work) {
        return transactions.execute(status -> {
            int claimed = jdbc.sql("""
                    INSERT INTO worker_job (job_key, job_type, process_instance_key, element_id, result, handled_at)
                    VALUES (:key, :type, :instance, :element, '{}'::jsonb, :at)
                    ON CONFLICT (job_key) DO NOTHING
                    """)
                    .param("key", job.getKey())
                    .param("type", job.getType())
                    .param("instance", job.getProcessInstanceKey())
                    .param("element", job.getElementId())
                    .param("at", Timestamp.from(clock.instant()))
                    .update();
            if (claimed == 0) {
                String stored = jdbc.sql("SELECT result::text FROM worker_job WHERE job_key = :key")
                        .param("key", job.getKey()).query(String.class).single();
                return read(stored);
            }
            Map<String, Object> result = work.get();
            Map<String, Object> variables = result == null ? Map.of() : result;
            jdbc.sql("UPDATE worker_job SET result = CAST(:result AS JSONB) WHERE job_key = :key")
                    .param("result", write(variables))
                    .param("key", job.getKey())
                    .update();
            return variables;
        });
    }

    private static String write(Map<String, Object> variables) {
        try {
            return JSON.writeValueAsString(variables);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("job result is not serialisable", e);
        }
    }

    private static Map<String, Object> read(String json) {
        try {
            return JSON.readValue(json, MAP);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored job result is not JSON", e);
        }
    }
}
