package org.opensafeguarding.workflow.engine;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditEntry;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.failure.Failures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Carries out recorded engine commands, retrying with back-off until the engine accepts them, or parking one the
 * engine refuses as wrong in itself.
 *
 * <p>A command is claimed in its own short transaction (attempt counted, lease set) before the engine is called,
 * and the result is stored in another. So a crash mid-call leaves a claimed command whose attempt count says
 * "the engine may have seen this", and the next attempt looks for the instance before creating one.
 *
 * <p>An engine that is away, slow or failing (no answer, 5xx, 401/403, 429) is waited out for as long as it takes. An
 * answer about the command itself (400, 404, 409; {@link EngineAnswer#refused}) would come back the same however often
 * it is sent, so after {@code refuse-after} of those the command is parked as REFUSED, audited, counted and shown to
 * operators ({@code operations.RefusedCommands}), who send it again once the cause is fixed.
 */
@Component
@EnableConfigurationProperties(EngineCommandProperties.class)
public class EngineCommandDispatcher {

    private static final Logger log = LoggerFactory.getLogger(EngineCommandDispatcher.class);
    /** The audit log's actor for what the dispatcher decides on its own. */
    public static final String SYSTEM_ACTOR = "system:engine-commands";
    private static final TypeReference<Map<String, Object>> VARIABLES = new TypeReference<>() {
    };

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final ProcessStarter starter;
    private final CaseRepository cases;
    private final ObjectMapper json;
    private final EngineCommandProperties properties;
    private final AuditLog audit;
    private final ProcessModelDeployer models;

    public EngineCommandDispatcher(JdbcClient jdbc, TransactionTemplate transactions, ProcessStarter starter,
                                   CaseRepository cases, ObjectMapper json, EngineCommandProperties properties,
                                   AuditLog audit, ProcessModelDeployer models) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.starter = starter;
        this.cases = cases;
        this.json = json;
        this.properties = properties;
        this.audit = audit;
        this.models = models;
    }

    /**
     * @param attempts this attempt's number
     * @param refusals how often the engine refused it before this attempt
     */
    record Command(long id, UUID caseId, EngineCommandKind kind, String processId, String dedupeKey,
                   String variables, int attempts, int refusals, String messageName, String correlationKey) {
    }

    @Scheduled(fixedDelayString = "${safeguarding.engine-commands.poll-interval:200ms}")
    public void dispatch() {
        try {
            int done;
            do {
                done = dispatchBatch();
            } while (done == properties.batchSize());
        } catch (RuntimeException e) {
            log.warn("engine command run failed, will retry: {}", Failures.describe(e));
        }
    }

    /** @return how many commands the engine accepted in this run */
    public int dispatchBatch() {
        List<Command> claimed = claim();
        // all of a batch in flight at once: the engine commits concurrent commands together
        List<CompletableFuture<Long>> calls = claimed.stream().map(this::execute).toList();
        int done = 0;
        for (int i = 0; i < claimed.size(); i++) {
            Command command = claimed.get(i);
            try {
                Long key = calls.get(i).get(ProcessStarter.callTimeout().toMillis(), TimeUnit.MILLISECONDS);
                complete(command, key);
                done++;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return done;
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
                int status = EngineAnswer.status(cause);
                boolean refused = EngineAnswer.refused(status) && (status != 404 || models.modelsInPlace());
                if (refused && command.refusals() + 1 >= properties.refuseAfter()) {
                    refuse(command, status, cause);
                } else {
                    log.warn("engine did not accept {} for case {} (attempt {}), retrying later: {}",
                            command.kind(), command.caseId(), command.attempts(), Failures.describe(cause));
                    fail(command, cause, backOff(command.attempts()), refused);
                }
            }
        }
        return done;
    }

    private List<Command> claim() {
        return transactions.execute(status -> {
            List<Command> due = jdbc.sql("""
                    SELECT id, case_id, kind, process_id, dedupe_key, variables::text AS variables, attempts,
                           refusals, message_name, correlation_key
                    FROM engine_command
                    WHERE status = 'PENDING' AND next_attempt_at <= now()
                    ORDER BY id LIMIT :n FOR UPDATE SKIP LOCKED
                    """)
                    .param("n", properties.batchSize())
                    .query((rs, n) -> new Command(rs.getLong("id"), rs.getObject("case_id", UUID.class),
                            EngineCommandKind.valueOf(rs.getString("kind")), rs.getString("process_id"),
                            rs.getString("dedupe_key"), rs.getString("variables"), rs.getInt("attempts") + 1,
                            rs.getInt("refusals"), rs.getString("message_name"), rs.getString("correlation_key")))
                    .list();
            if (!due.isEmpty()) {
                jdbc.sql("""
                        UPDATE engine_command SET attempts = attempts + 1,
                            next_attempt_at = now() + make_interval(secs => :leaseSeconds)
                        WHERE id IN (:ids)
                        """)
                        // the database's clock, like the "<= now()" that reads it: a lease is wall time, and must
                        // run out even while a replay holds the service's business clock still
                        .param("leaseSeconds", properties.lease().toMillis() / 1000.0)
                        .param("ids", due.stream().map(Command::id).toList())
                        .update();
            }
            return due;
        });
    }

    private CompletableFuture<Long> execute(Command command) {
        Map<String, Object> variables;
        try {
            variables = variables(command);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return switch (command.kind()) {
            case START -> starter.start(command.processId(), command.caseId().toString(), variables,
                    command.attempts() > 1);
            case CORRELATE -> starter.correlate(ProcessIds.REFERRAL_RECEIVED_MESSAGE, command.caseId().toString(),
                    command.dedupeKey(), variables).thenApply(nothing -> (Long) null);
            case PUBLISH -> starter.correlate(command.messageName(), command.correlationKey(), command.dedupeKey(),
                    variables).thenApply(nothing -> (Long) null);
        };
    }

    private void complete(Command command, Long processInstanceKey) {
        transactions.executeWithoutResult(status -> {
            jdbc.sql("""
                    UPDATE engine_command SET status = 'DONE', done_at = now(), process_instance_key = :key,
                           last_error = NULL
                    WHERE id = :id
                    """)
                    .param("key", processInstanceKey)
                    .param("id", command.id())
                    .update();
            if (processInstanceKey != null) {
                cases.recordProcessInstance(new CaseId(command.caseId()), processInstanceKey);
            }
        });
    }

    private void fail(Command command, Throwable error, Duration wait, boolean refused) {
        jdbc.sql("""
                UPDATE engine_command SET next_attempt_at = now() + make_interval(secs => :waitSeconds),
                       last_error = :error, refusals = refusals + :refused
                WHERE id = :id
                """)
                .param("waitSeconds", wait.toMillis() / 1000.0)
                .param("error", storedError(error))
                .param("refused", refused ? 1 : 0)
                .param("id", command.id())
                .update();
    }

    private void refuse(Command command, int status, Throwable error) {
        String refusal = EngineAnswer.refusalName(status);
        log.error("engine refused {} of {} for case {} ({} after {} attempts); parked for an operator: {}",
                command.kind(), command.processId(), command.caseId(), refusal, command.attempts(),
                Failures.describe(error));
        transactions.executeWithoutResult(tx -> {
            int parked = jdbc.sql("""
                    UPDATE engine_command SET status = 'REFUSED', refused_at = now(), refusal = :refusal,
                           refusals = refusals + 1, last_error = :error
                    WHERE id = :id AND status = 'PENDING'
                    """)
                    .param("refusal", refusal)
                    .param("error", storedError(error))
                    .param("id", command.id())
                    .update();
            if (parked == 1) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("change", "refused-by-engine");
                detail.put("kind", command.kind().name());
                detail.put("processId", command.processId());
                detail.put("refusal", refusal);
                detail.put("attempts", command.attempts());
                audit.record(AuditEntry.of(SYSTEM_ACTOR, AuditAction.UPDATE, "engine_command",
                        Long.toString(command.id())).withCaseId(command.caseId()).withDetail(detail));
            }
        });
    }

    /** Stored where operators look, so the same rule as a log line: no database error detail. */
    private static String storedError(Throwable error) {
        String message = Failures.describe(error);
        return message.length() > 1000 ? message.substring(0, 1000) : message;
    }

    Duration backOff(int attempts) {
        long factor = 1L << Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = properties.retryInitial().multipliedBy(factor);
        return wait.compareTo(properties.retryMax()) > 0 ? properties.retryMax() : wait;
    }

    private Map<String, Object> variables(Command command) {
        try {
            return json.readValue(command.variables(), VARIABLES);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
