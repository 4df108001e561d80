package org.opensafeguarding.workflow.cases;

import io.camunda.client.api.search.enums.ElementInstanceState;
import org.opensafeguarding.calendar.DeadlineCalculator;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.tasklist.Caller;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * GET /api/cases/{caseId}/diagram: the BPMN the case's process instance runs, as deployed in the engine, with what
 * is active now (each open user task with its key and due date, from the tasklist's mirror) and what has completed,
 * for bpmn-js to draw. Escalation tasks run in instances of their own ({@code deadline-escalation}) and are not
 * part of the case's diagram.
 */
@Service
class CaseDiagrams {

    private static final String MULTI_INSTANCE_BODY = "MULTI_INSTANCE_BODY";

    private final CaseReads reads;
    private final CaseEngine engine;
    private final JdbcClient jdbc;

    CaseDiagrams(CaseReads reads, CaseEngine engine, JdbcClient jdbc) {
        this.reads = reads;
        this.engine = engine;
        this.jdbc = jdbc;
    }

    CaseViews.DiagramView diagram(Caller caller, String caseIdText) {
        CaseId caseId = CaseReads.parse(caseIdText);
        CaseRecord theCase = reads.inside(caller, caseId, "read-diagram");
        Long instanceKey = theCase.processInstanceKey();
        if (instanceKey == null) {
            boolean refused = jdbc.sql("SELECT EXISTS (SELECT 1 FROM engine_command WHERE case_id = :id "
                    + "AND kind = 'START' AND status = 'REFUSED')").param("id", caseId.value()).query(Boolean.class).single();
            throw refused ? CaseProblem.startRefused(caseId.toString()) : CaseProblem.noProcess(caseId.toString());
        }
        CaseEngine.Definition definition = engine.definitionOf(instanceKey);
        String xml = engine.xml(definition.key());
        List<CaseEngine.Element> elements = engine.elements(instanceKey);
        return reads.audited(caller, caseId, "diagram", () -> {
            Map<Long, OpenTask> tasks = openTasks(caseId, instanceKey);
            List<CaseViews.ActiveElement> active = new ArrayList<>();
            Set<String> activeWithoutTask = new LinkedHashSet<>();
            Set<String> completed = new LinkedHashSet<>();
            for (CaseEngine.Element e : elements) {
                if (e.state() == ElementInstanceState.ACTIVE) {
                    OpenTask task = tasks.get(e.elementInstanceKey());
                    if (task != null) {
                        active.add(new CaseViews.ActiveElement(e.elementId(), Long.toString(task.taskKey()),
                                task.dueAt() == null ? null : DeadlineCalculator.dueDay(task.dueAt()), task.dueAt()));
                    } else if (!MULTI_INSTANCE_BODY.equals(e.type())) {
                        activeWithoutTask.add(e.elementId());
                    }
                } else if (e.state() == ElementInstanceState.COMPLETED) {
                    completed.add(e.elementId());
                }
            }
            Set<String> withTask = new LinkedHashSet<>();
            active.forEach(a -> withTask.add(a.elementId()));
            activeWithoutTask.stream().filter(id -> !withTask.contains(id))
                    .forEach(id -> active.add(new CaseViews.ActiveElement(id, null, null, null)));
            return new CaseViews.DiagramView(definition.processDefinitionId(), Long.toString(definition.key()),
                    Long.toString(instanceKey), xml, active, List.copyOf(completed));
        }, view -> Map.of("processDefinitionKey", view.processDefinitionKey(),
                "activeElements", view.activeElements().size()));
    }

    private record OpenTask(long taskKey, Instant dueAt) {
    }

    /** The case instance's open tasks in the tasklist's mirror, by the element instance they belong to. */
    private Map<Long, OpenTask> openTasks(CaseId caseId, long instanceKey) {
        Map<Long, OpenTask> tasks = new HashMap<>();
        jdbc.sql("""
                        SELECT task_key, element_instance_key, due_at FROM case_task
                        WHERE case_id = :caseId AND process_instance_key = :instance AND status = 'OPEN'""")
                .param("caseId", caseId.value())
                .param("instance", instanceKey)
                .query((rs, n) -> {
                    Timestamp due = rs.getTimestamp("due_at");
                    return tasks.put(rs.getLong("element_instance_key"),
                            new OpenTask(rs.getLong("task_key"), due == null ? null : due.toInstant()));
                })
                .list();
        return tasks;
    }
}
