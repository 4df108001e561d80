package org.opensafeguarding.workflow.trayfilters;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import java.time.Clock;
import java.util.List;
import java.util.Map;

/** Each person's saved tray filters: theirs only, by the token's subject; every read and change audited. */
@Service
class TrayFilterService {

    /** Enough for any tray; a person is not meant to keep a library of them. */
    static final int MAX_FILTERS = 50;

    private final SavedFilters filters;
    private final AuditLog audit;
    private final TransactionTemplate transactions;
    private final Clock clock;

    TrayFilterService(SavedFilters filters, AuditLog audit, TransactionTemplate transactions, Clock clock) {
        this.filters = filters;
        this.audit = audit;
        this.transactions = transactions;
        this.clock = clock;
    }

    List<SavedFilters.SavedFilter> list(Caller caller) {
        return transactions.execute(status -> {
            List<SavedFilters.SavedFilter> mine = filters.of(caller.userId());
            audit.record(caller.audit(AuditAction.READ, "tray_filter", "list")
                    .withDetail(Map.of("filters", mine.size())));
            return mine;
        });
    }

    SavedFilters.SavedFilter save(Caller caller, JsonNode body) {
        FilterRules.ValidFilter valid = FilterRules.check(body);
        return transactions.execute(status -> {
            if (filters.count(caller.userId()) >= MAX_FILTERS) {
                throw new FilterRejected(HttpStatus.CONFLICT, "too-many-filters", "You have " + MAX_FILTERS
                        + " saved filters, the most kept; delete one first", List.of());
            }
            SavedFilters.SavedFilter saved = filters.insert(caller.userId(), valid.name(), valid.query(), clock.instant());
            if (saved == null) {
                throw new FilterRejected(HttpStatus.CONFLICT, "name-taken", "You already have a filter of that name",
                        List.of(new FilterRejected.FieldError("name", "unique", "name must differ from your other "
                                + "filters' names")));
            }
            audit.record(caller.audit(AuditAction.CREATE, "tray_filter", Long.toString(saved.id()))
                    .withDetail(Map.of("keys", valid.query().keySet())));
            return saved;
        });
    }

    void delete(Caller caller, long id) {
        transactions.executeWithoutResult(status -> {
            if (!filters.delete(caller.userId(), id)) {
                throw new FilterRejected(HttpStatus.NOT_FOUND, "unknown-filter", "You have no saved filter " + id,
                        List.of());
            }
            audit.record(caller.audit(AuditAction.UPDATE, "tray_filter", Long.toString(id))
                    .withDetail(Map.of("change", "deleted")));
        });
    }
}
