package org.opensafeguarding.workflow.tasklist;

import org.opensafeguarding.workflow.access.CaseRestrictions;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The work tray's queries on the mirror: a page of open tasks and the size of each tab, for one caller. Both keep
 * to the caller's partnerships and case types, their candidate groups (or tasks naming them) and, for restricted
 * cases, the people named on them. Tasks carry their case's partnership and type (V16), so neither query joins the
 * cases; case_restriction is joined rather than probed per row, as counts cover every matching task.
 */
@Repository
class WorkTray {

    static final ZoneId LONDON = ZoneId.of("Europe/London");
    /** "week" reaches to the end of the seventh day after today: next Friday's tasks show on a Friday. */
    static final int WEEK_DAYS = 7;

    private static final String VISIBLE = "(t.candidate_groups && CAST(:groups AS TEXT[]) OR :user = ANY (t.candidate_users))";
    private static final String IN_GROUPS = "t.candidate_groups && CAST(:groups AS TEXT[])";
    private static final String FROM = "FROM case_task t LEFT JOIN case_restriction r ON r.case_id = t.case_id ";
    private static final String SHOWN = CaseRestrictions.visibleWhenRestrictionJoined("r", "t.case_id");

    private final JdbcClient jdbc;
    private final TaskMirror mirror;

    WorkTray(JdbcClient jdbc, TaskMirror mirror) {
        this.jdbc = jdbc;
        this.mirror = mirror;
    }

    /** One open task with the case facts the tray shows. */
    record Item(TaskRow task, String caseType, String tenant) {
    }

    /** @param restrictedHidden open tasks the query matches on restricted cases the caller is not named on */
    record Page(List<Item> items, long total, long restrictedHidden) {
    }

    record Counts(long mine, long unassigned, long groups) {
    }

    /**
     * @param tenants   the partnerships to look in (the caller's, or the one of theirs they asked for)
     * @param caseTypes the case types the caller's roles work on
     */
    record Scope(List<String> groups, String user, List<String> tenants, List<String> caseTypes, Instant now) {
    }

    Page list(Scope scope, TrayQuery query, int page, int size) {
        Map<String, Object> params = params(scope);
        String where = where(query, params) + " AND " + view(query.view());
        Map<String, Object> counted = jdbc.sql("SELECT count(*) AS matching, count(*) FILTER (WHERE " + SHOWN
                        + ") AS shown " + FROM + where)
                .params(params).query().singleRow();
        long matching = ((Number) counted.get("matching")).longValue();
        long shown = ((Number) counted.get("shown")).longValue();
        params.put("limit", size);
        params.put("offset", (long) page * size);
        List<Item> items = jdbc.sql("SELECT t.* "
                        + FROM + where + " AND " + SHOWN
                        + " ORDER BY t.due_at ASC NULLS LAST, t.priority DESC, t.task_key ASC LIMIT :limit OFFSET :offset")
                .params(params)
                .query((rs, n) -> new Item(mirror.map(rs, n), rs.getString("case_type"), rs.getString("tenant")))
                .list();
        return new Page(items, shown, matching - shown);
    }

    /** The size of each tab under the same filters (the query's own view is ignored). */
    Counts counts(Scope scope, TrayQuery query) {
        Map<String, Object> params = params(scope);
        String where = where(query, params) + " AND " + VISIBLE + " AND " + SHOWN;
        Map<String, Object> row = jdbc.sql("SELECT count(*) FILTER (WHERE " + view(TrayQuery.View.MINE) + ") AS mine, "
                        + "count(*) FILTER (WHERE " + view(TrayQuery.View.UNASSIGNED) + ") AS unassigned, "
                        + "count(*) FILTER (WHERE " + view(TrayQuery.View.GROUPS) + ") AS in_groups "
                        + FROM + where)
                .params(params).query().singleRow();
        return new Counts(((Number) row.get("mine")).longValue(), ((Number) row.get("unassigned")).longValue(),
                ((Number) row.get("in_groups")).longValue());
    }

    private static String view(TrayQuery.View view) {
        if (view == null) {
            return VISIBLE;
        }
        return switch (view) {
            case MINE -> "t.assignee = :user AND " + VISIBLE;
            case UNASSIGNED -> "t.assignee IS NULL AND " + IN_GROUPS;
            case GROUPS -> IN_GROUPS;
        };
    }

    private static Map<String, Object> params(Scope scope) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("groups", scope.groups().toArray(String[]::new));
        params.put("user", scope.user());
        params.put("tenants", scope.tenants().toArray(String[]::new));
        params.put("caseTypes", scope.caseTypes().toArray(String[]::new));
        params.put("accessUser", scope.user());
        params.put("accessNow", Timestamp.from(scope.now()));
        params.put("now", Timestamp.from(scope.now()));
        return params;
    }

    private static String where(TrayQuery query, Map<String, Object> params) {
        StringBuilder where = new StringBuilder("""
                WHERE t.status = 'OPEN'
                  AND t.tenant = ANY (CAST(:tenants AS TEXT[]))
                  AND t.case_type = ANY (CAST(:caseTypes AS TEXT[]))
                """);
        if (query.candidateGroup() != null) {
            where.append(" AND :group = ANY (t.candidate_groups)");
            params.put("group", query.candidateGroup());
        }
        if (query.assignee() != null) {
            where.append(" AND t.assignee = :assignee");
            params.put("assignee", query.assignee());
        }
        if (query.caseId() != null) {
            where.append(" AND t.case_id = :caseId");
            params.put("caseId", query.caseId().value());
        }
        if (query.caseType() != null) {
            where.append(" AND t.case_type = :caseType");
            params.put("caseType", query.caseType());
        }
        if (query.taskType() != null) {
            where.append(" AND (t.element_id = :taskType OR t.form_id = :taskType)");
            params.put("taskType", query.taskType());
        }
        if (query.due() == TrayQuery.Due.OVERDUE) {
            where.append(" AND t.due_at < :now");
        } else if (query.due() == TrayQuery.Due.WEEK) {
            Instant now = ((Timestamp) params.get("now")).toInstant();
            LocalDate today = LocalDate.ofInstant(now, LONDON);
            where.append(" AND t.due_at >= :now AND t.due_at < :weekEnd");
            params.put("weekEnd", Timestamp.from(today.plusDays(WEEK_DAYS + 1).atStartOfDay(LONDON).toInstant()));
        }
        return where.toString();
    }
}
