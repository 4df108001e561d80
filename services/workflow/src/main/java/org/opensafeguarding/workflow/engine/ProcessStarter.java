package org.opensafeguarding.workflow.engine;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The only place the workflow service talks to the engine for starts and correlations, through the official
 * Camunda client: the same code runs against the local engine and a Camunda 8 cluster.
 */
@Component
public class ProcessStarter {

    private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(20);

    private final CamundaClient client;
    private final EngineCommandProperties properties;

    public ProcessStarter(CamundaClient client, EngineCommandProperties properties) {
        this.client = client;
        this.properties = properties;
    }

    /**
     * Creates the case's instance on the latest deployed version of the model, unless an earlier attempt that
     * we never heard back from already did.
     *
     * @param earlierAttemptMayHaveReachedEngine true when a previous attempt was made and its answer lost (crash,
     *                                           timeout); then the engine is asked first for an instance of this case
     * @return the process instance key, when the engine has it; asynchronous so a batch of starts can be in
     *         flight together (the engine commits them in groups)
     */
    public CompletableFuture<Long> start(String processId, String caseId, Map<String, Object> variables,
                                         boolean earlierAttemptMayHaveReachedEngine) {
        try {
            if (earlierAttemptMayHaveReachedEngine) {
                // a search that fails says nothing: this attempt fails and the command is tried again later, since
                // creating now would give the case a second instance whenever the earlier attempt did get through
                Optional<Long> existing = findInstance(processId, caseId);
                if (existing.isPresent()) {
                    log.info("case {} already has instance {} of {}; not creating another", caseId, existing.get(), processId);
                    return CompletableFuture.completedFuture(existing.get());
                }
            }
            return client.newCreateInstanceCommand()
                    .bpmnProcessId(processId)
                    .latestVersion()
                    .variables(variables)
                    .requestTimeout(CALL_TIMEOUT)
                    .send()
                    .toCompletableFuture()
                    .thenApply(ProcessInstanceEvent::getProcessInstanceKey);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * Publishes a message with the given correlation key (the case id for messages to a case's own instance); the
     * message id makes a repeated publish harmless: the engine refuses a second message with the same id while the
     * first is alive (ALREADY_EXISTS), which means an earlier attempt got through, so it counts as done. A crash
     * after publishing therefore needs no lookup.
     */
    public CompletableFuture<Void> correlate(String messageName, String correlationKey, String messageId,
                                             Map<String, Object> variables) {
        try {
            return client.newPublishMessageCommand()
                    .messageName(messageName)
                    .correlationKey(correlationKey)
                    .messageId(messageId)
                    .timeToLive(properties.messageTtl())
                    .variables(variables)
                    .requestTimeout(CALL_TIMEOUT)
                    .send()
                    .toCompletableFuture()
                    .<Void>thenApply(published -> null)
                    .exceptionallyCompose(error -> {
                        if (alreadyPublished(error)) {
                            log.info("message {} {} was published by an earlier attempt", messageName, messageId);
                            return CompletableFuture.completedFuture(null);
                        }
                        return CompletableFuture.failedFuture(error);
                    });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private static boolean alreadyPublished(Throwable error) {
        // REST answers ALREADY_EXISTS as 409, and so does the gRPC code's mapping
        return EngineAnswer.status(error) == 409;
    }

    /** Longest a caller should wait for one of these futures. */
    public static Duration callTimeout() {
        return CALL_TIMEOUT.plusSeconds(5);
    }

    /**
     * An answer that finds nothing means none exists (Camunda's secondary storage is eventually consistent: the lease
     * before a retry gives its index time to catch up), and the caller creates. A search that fails (the engine slow
     * or away) throws, so the attempt fails and is made again later: creating then gave a case two instances in the
     * fault campaign (docs/operations.md) when the first attempt's answer had only been slow. A candidate is only
     * adopted once its own {@code caseId} variable is read back and matches, so an engine that ignores a filter cannot
     * make us adopt another case's instance.
     */
    private Optional<Long> findInstance(String processId, String caseId) {
        String expected = "\"" + caseId + "\"";
        try {
            SearchResponse<ProcessInstance> found = client.newProcessInstanceSearchRequest()
                    // variable filter values are JSON, hence the quotes
                    .filter(f -> f.processDefinitionId(processId).variables(Map.of("caseId", expected)))
                    .send()
                    .join();
            for (ProcessInstance candidate : found.items()) {
                Long key = candidate.getProcessInstanceKey();
                boolean confirmed = client.newVariableSearchRequest()
                        .filter(f -> f.processInstanceKey(key).name("caseId"))
                        .send()
                        .join()
                        .items()
                        .stream()
                        .anyMatch(v -> expected.equals(v.getValue()));
                if (confirmed) {
                    return Optional.of(key);
                }
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            throw new IllegalStateException("could not search the engine for an existing instance of case " + caseId
                    + "; not creating one until it answers", e);
        }
    }
}
