package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.store.HistoryStore;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;

/**
 * Completes searches off the processing thread: the open results it collected are filtered, merged with the
 * history table and paged on a small pool of search threads, so neither matching nor SQL delays commands.
 */
@Component
class HistorySearch implements DisposableBean {

    private static final int THREADS = 4;

    private final HistoryStore history;
    private final ObjectMapper json;
    private final ExecutorService executor;

    HistorySearch(HistoryStore history, ObjectMapper json) {
        this.history = history;
        this.json = json;
        AtomicInteger count = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(THREADS, THREADS, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
                r -> {
                    Thread thread = new Thread(r, "engine-search-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                });
    }

    /** One page over the open results (from the processing thread) and the ended records of the kind. */
    <T> CompletableFuture<SearchQuery.Page<T>> page(SearchQuery query, SearchKind kind, Class<T> type,
                                                   CompletableFuture<List<T>> open) {
        return pageOf(query, kind, type, open.thenApply(SearchQuery.Open::all));
    }

    /** As {@link #page}, for open results read from an index that also counted them. */
    <T> CompletableFuture<SearchQuery.Page<T>> pageOf(SearchQuery query, SearchKind kind, Class<T> type,
                                                     CompletableFuture<SearchQuery.Open<T>> open) {
        return open.thenApplyAsync(results -> query.keyset(kind, type, results, history), executor);
    }

    /**
     * The ended record's search result, read off the processing thread, when the open state (the future) has
     * none; fails with a 404 naming the key otherwise.
     */
    <T> CompletableFuture<T> orHistory(CompletableFuture<Optional<T>> open, RecordKind kind, long key, Class<T> type,
                                       String notFound) {
        return open.thenApplyAsync(found -> found.orElseGet(() -> history.body(kind, key)
                .map(body -> read(body, type))
                .orElseThrow(() -> org.opensafeguarding.engine.processing.EngineException.notFound(notFound))),
                executor);
    }

    /** The ended record itself (as engine_record held it), for reads that need more than its search result. */
    <T> Optional<T> record(RecordKind kind, long key, Class<T> type) {
        return history.record(kind, key).map(body -> read(body, type));
    }

    /**
     * The ended records of a kind (of one instance, if given), at most {@code cap}; more is a 400 asking for the
     * instance filter. For searches whose results are not one per record (correlated message subscriptions).
     */
    <T> List<T> records(RecordKind kind, Long processInstanceKey, Class<T> type, int cap) {
        List<String> bodies = history.records(new HistoryStore.Query(kind, processInstanceKey, List.of(), false),
                cap + 1);
        if (bodies.size() > cap) {
            throw org.opensafeguarding.engine.processing.EngineException.invalid("filter.processInstanceKey: more than "
                    + cap + " ended records would be read; search one process instance at a time");
        }
        return bodies.stream().map(body -> read(body, type)).toList();
    }

    ExecutorService executor() {
        return executor;
    }

    private <T> T read(String body, Class<T> type) {
        try {
            return json.readValue(body, type);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("unreadable engine history row", e);
        }
    }

    @Override
    public void destroy() {
        executor.shutdownNow();
    }
}
