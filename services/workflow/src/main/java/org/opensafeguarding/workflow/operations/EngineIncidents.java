package org.opensafeguarding.workflow.operations;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.search.enums.IncidentState;
import io.camunda.client.api.search.response.Incident;
import io.camunda.client.api.search.response.SearchResponse;
import org.opensafeguarding.workflow.engine.EngineAnswer;
import org.springframework.stereotype.Component;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The engine's incidents through the official Camunda client, so the operator page works against the local engine
 * and a Camunda 8 cluster alike. Failures come back as {@link Refused} (the engine answered no) or
 * {@link Unreachable}.
 */
@Component
class EngineIncidents {

    static final int PAGE = 100;
    /** An operator's page, not an archive: beyond this the engine's own tools are the place to look. */
    static final int MOST = 1000;
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final CamundaClient client;

    EngineIncidents(CamundaClient client) {
        this.client = client;
    }

    static final class Refused extends RuntimeException {
        private final int status;

        Refused(int status, String message, Throwable cause) {
            super(message, cause);
            this.status = status;
        }

        int status() {
            return status;
        }
    }

    static final class Unreachable extends RuntimeException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** Active incidents, oldest first, at most {@link #MOST}. */
    List<Incident> active() {
        List<Incident> all = new ArrayList<>();
        String after = null;
        while (all.size() < MOST) {
            String cursor = after;
            SearchResponse<Incident> page = call("search active incidents", () -> client.newIncidentSearchRequest()
                    .filter(f -> f.state(IncidentState.ACTIVE))
                    .sort(s -> s.creationTime().asc())
                    .page(p -> {
                        p.limit(PAGE);
                        if (cursor != null) {
                            p.after(cursor);
                        }
                    })
                    .requestTimeout(TIMEOUT)
                    .send()
                    .join(TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS));
            all.addAll(page.items());
            String end = page.page() == null ? null : page.page().endCursor();
            if (page.items().size() < PAGE || end == null || end.equals(after)) {
                break;
            }
            after = end;
        }
        return all.size() > MOST ? all.subList(0, MOST) : all;
    }

    /** How many incidents are active, as the engine counts them (one page of one item is read). */
    long activeCount() {
        SearchResponse<Incident> page = call("count active incidents", () -> client.newIncidentSearchRequest()
                .filter(f -> f.state(IncidentState.ACTIVE))
                .page(p -> p.limit(1))
                .requestTimeout(TIMEOUT)
                .send()
                .join(TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS));
        return page.page() == null || page.page().totalItems() == null ? page.items().size()
                : page.page().totalItems();
    }

    Optional<Incident> find(long incidentKey) {
        try {
            return Optional.of(call("read incident " + incidentKey, () -> client.newIncidentGetRequest(incidentKey)
                    .requestTimeout(TIMEOUT).send().join(TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS)));
        } catch (Refused e) {
            if (e.status() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    void setRetries(long jobKey, int retries) {
        call("set retries of job " + jobKey, () -> client.newUpdateRetriesCommand(jobKey).retries(retries)
                .requestTimeout(TIMEOUT).send().join(TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS));
    }

    void resolve(long incidentKey) {
        call("resolve incident " + incidentKey, () -> client.newResolveIncidentCommand(incidentKey)
                .requestTimeout(TIMEOUT).send().join(TIMEOUT.toMillis() + 5000, TimeUnit.MILLISECONDS));
    }

    private static <T> T call(String what, Supplier<T> call) {
        try {
            return call.get();
        } catch (RuntimeException e) {
            int status = EngineAnswer.status(e);
            if (EngineAnswer.refused(status)) {
                throw new Refused(status, what + ": engine answered " + status, e);
            }
            throw new Unreachable(what + ": " + e, e);
        }
    }
}
