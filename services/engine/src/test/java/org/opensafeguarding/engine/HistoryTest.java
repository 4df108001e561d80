package org.opensafeguarding.engine;

import static org.awaitility.Awaitility.await;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.HashMap;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.testkit.EmbeddedPostgresSupport;

/**
 * Ended instance trees leave the hot state (memory and engine_record) for the history table in the commit that
 * ends them, and every search still finds them, over REST and with a client that sends commands over gRPC.
 */
class HistoryTest extends EngineTestSupport {

    @Test
    void endedInstancesLeaveTheHotStateAndAreStillFoundByEverySearchAfterARestart() throws Exception {
        String id = uniqueId("history");
        String child = uniqueId("history-child");
        deploy(Bpmn.createExecutableProcess(child).startEvent()
                .serviceTask("childWork", t -> t.zeebeJobType(child)).endEvent().done(), child);
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("review", t -> t.zeebeUserTask().zeebeCandidateGroups("reviewers"))
                .callActivity("call", c -> c.zeebeProcessId(child))
                .serviceTask("fragile", t -> t.zeebeJobType(id + "-fragile"))
                .endEvent().done(), id);
        long completed = start(id, Map.of("caseId", "C-1")).getProcessInstanceKey();
        long terminated = start(id, Map.of("caseId", "C-2")).getProcessInstanceKey();
        long open = start(id, Map.of("caseId", "C-3")).getProcessInstanceKey();

        for (UserTask task : tasksOf(completed)) {
            client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("outcome", "accepted"))
                    .send().join();
        }
        ActivatedJob childJob = client.newActivateJobsCommand().jobType(child).maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(5)).send().join().getJobs().get(0);
        long childInstance = childJob.getProcessInstanceKey();
        client.newCompleteCommand(childJob.getKey()).send().join();
        ActivatedJob fragile = client.newActivateJobsCommand().jobType(id + "-fragile").maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(5)).send().join().getJobs().get(0);
        client.newFailCommand(fragile.getKey()).retries(0).errorMessage("down").send().join();
        long incidentKey = client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(completed))
                .send().join().items().get(0).getIncidentKey();
        client.newUpdateRetriesCommand(fragile.getKey()).retries(1).send().join();
        client.newResolveIncidentCommand(incidentKey).send().join();
        ActivatedJob again = client.newActivateJobsCommand().jobType(id + "-fragile").maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(5)).send().join().getJobs().get(0);
        client.newCompleteCommand(again.getKey()).variables(Map.of("done", true)).send().join();
        client.newCancelInstanceCommand(terminated).send().join();

        assertThat(rows("engine_record", completed, terminated, childInstance)).as("moved out of the hot state")
                .isZero();
        assertThat(rows("engine_history", completed, terminated, childInstance)).isPositive();
        assertThat(rows("engine_record", open)).isPositive();
        assertThat(rows("engine_history", open)).isZero();

        restartEngine();
        assertSearchable(client, id, completed, terminated, open, childInstance, incidentKey);
        try (CamundaClient overGrpc = CamundaClient.newClientBuilder().restAddress(engine.restAddress())
                .grpcAddress(engine.grpcAddress()).preferRestOverGrpc(false)
                .defaultRequestTimeout(Duration.ofSeconds(20)).build()) {
            assertSearchable(overGrpc, id, completed, terminated, open, childInstance, incidentKey);
        }
    }

    private static void assertSearchable(CamundaClient camunda, String id, long completed, long terminated,
                                         long open, long childInstance, long incidentKey) {
        assertThat(stateOf(camunda, completed)).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(stateOf(camunda, terminated)).isEqualTo(ProcessInstanceState.TERMINATED);
        assertThat(stateOf(camunda, open)).isEqualTo(ProcessInstanceState.ACTIVE);
        assertThat(stateOf(camunda, childInstance)).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(camunda.newProcessInstanceGetRequest(completed).send().join().getEndDate()).isNotNull();

        assertThat(camunda.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(id))
                .send().join().items()).extracting(ProcessInstance::getProcessInstanceKey)
                .containsExactly(completed, terminated, open);
        assertThat(camunda.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(id)
                        .state(ProcessInstanceState.COMPLETED)).send().join().items())
                .extracting(ProcessInstance::getProcessInstanceKey).containsExactly(completed);
        assertThat(camunda.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(id).variables(Map.of("caseId", "C-2"))).send().join().items())
                .extracting(ProcessInstance::getProcessInstanceKey).containsExactly(terminated);

        List<UserTask> tasks = camunda.newUserTaskSearchRequest().filter(f -> f.bpmnProcessId(id))
                .send().join().items();
        assertThat(tasks).extracting(UserTask::getProcessInstanceKey).containsExactly(completed, terminated, open);
        assertThat(tasks).extracting(UserTask::getState)
                .containsExactly(UserTaskState.COMPLETED, UserTaskState.CANCELED, UserTaskState.CREATED);
        assertThat(camunda.newUserTaskSearchRequest().filter(f -> f.candidateGroup("reviewers")
                .state(UserTaskState.CREATED)).send().join().items())
                .extracting(UserTask::getProcessInstanceKey).contains(open).doesNotContain(completed, terminated);
        assertThat(camunda.newUserTaskGetRequest(tasks.get(0).getUserTaskKey()).send().join().getState())
                .isEqualTo(UserTaskState.COMPLETED);

        Map<String, String> variables = new java.util.HashMap<>();
        for (Variable variable : camunda.newVariableSearchRequest().filter(f -> f.processInstanceKey(completed))
                .send().join().items()) {
            variables.put(variable.getName(), variable.getValue());
        }
        assertThat(variables).containsEntry("caseId", "\"C-1\"").containsEntry("outcome", "\"accepted\"")
                .containsEntry("done", "true");

        assertThat(camunda.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(completed).elementId("review")).send().join().items())
                .singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(ElementInstanceState.COMPLETED));
        assertThat(camunda.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(terminated).elementId("review")).send().join().items())
                .singleElement().satisfies(e -> assertThat(e.getState()).isEqualTo(ElementInstanceState.TERMINATED));

        assertThat(camunda.newIncidentSearchRequest().filter(f -> f.processInstanceKey(completed)).send().join()
                .items()).singleElement().satisfies(i -> assertThat(i.getIncidentKey()).isEqualTo(incidentKey));
        assertThat(camunda.newIncidentGetRequest(incidentKey).send().join().getProcessInstanceKey())
                .isEqualTo(completed);
        assertThat(camunda.newProcessInstanceSequenceFlowsRequest(completed).send().join()).isNotEmpty();
    }

    @Test
    void keysetPagesOverOpenAndEndedInstancesHaveNoRepeatsOrGapsWhileInstancesAreCreated() {
        String quick = uniqueId("paging-quick");
        String waiting = uniqueId("paging-waiting");
        deploy(Bpmn.createExecutableProcess(quick).startEvent().endEvent().done(), quick);
        deploy(Bpmn.createExecutableProcess(waiting).startEvent()
                .serviceTask("t", t -> t.zeebeJobType(waiting)).endEvent().done(), waiting);
        List<Long> before = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            before.add(start(i % 3 == 0 ? waiting : quick, Map.of("n", i)).getProcessInstanceKey());
        }

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        int pages = 0;
        do {
            String after = cursor;
            SearchResponse<ProcessInstance> page = client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processDefinitionId(p -> p.in(quick, waiting)))
                    .page(p -> {
                        p.limit(5);
                        if (after != null) {
                            p.after(after);
                        }
                    }).send().join();
            page.items().forEach(item -> seen.add(item.getProcessInstanceKey()));
            cursor = page.items().isEmpty() ? null : page.page().endCursor();
            pages++;
            // created while paging: later keys, so they come after everything already returned
            start(quick, Map.of());
        } while (cursor != null && pages < 50);

        assertThat(new HashSet<>(seen)).as("no repeats").hasSameSizeAs(seen);
        assertThat(seen).as("key order").isSorted();
        assertThat(seen).as("no gaps").containsAll(before);
        assertThat(seen.subList(0, before.size())).containsExactlyElementsOf(before);

        SearchResponse<ProcessInstance> last = client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(p -> p.in(quick, waiting))).page(p -> p.limit(4)).send().join();
        SearchResponse<ProcessInstance> second = client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(p -> p.in(quick, waiting)))
                .page(p -> p.limit(4).after(last.page().endCursor())).send().join();
        SearchResponse<ProcessInstance> back = client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(p -> p.in(quick, waiting)))
                .page(p -> p.limit(4).before(second.page().startCursor())).send().join();
        assertThat(back.items()).extracting(ProcessInstance::getProcessInstanceKey)
                .containsExactlyElementsOf(last.items().stream().map(ProcessInstance::getProcessInstanceKey).toList());
        assertThat(last.page().totalItems()).isGreaterThanOrEqualTo(before.size());

        List<ProcessInstance> descending = client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(waiting)).sort(s -> s.startDate().desc()).send().join().items();
        assertThat(descending).extracting(ProcessInstance::getProcessInstanceKey)
                .isSortedAccordingTo(java.util.Comparator.reverseOrder()).hasSize(8);
    }

    @Test
    void variablesOfAnEndedInstanceAreFoundByTheirScope() {
        String id = uniqueId("history-scope");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .userTask("answer", t -> t.zeebeUserTask()).endEvent().done(), id);
        long instance = start(id, Map.of("caseId", "C-9")).getProcessInstanceKey();
        for (UserTask task : tasksOf(instance)) {
            client.newCompleteUserTaskCommand(task.getUserTaskKey()).variables(Map.of("action", "DONE"))
                    .send().join();
        }
        await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(client, instance) == ProcessInstanceState.COMPLETED);
        Map<String, String> variables = new HashMap<>();
        client.newVariableSearchRequest().filter(f -> f.processInstanceKey(instance).scopeKey(instance))
                .page(p -> p.limit(1000)).send().join().items()
                .forEach(v -> variables.put(v.getName(), v.getValue()));
        assertThat(variables).containsEntry("caseId", "\"C-9\"").containsEntry("action", "\"DONE\"");
    }

    @Test
    void aPageLargerThanTheMaximumIsRefusedNamingTheField() {
        Throwable refused = catchThrowable(() -> client.newProcessInstanceSearchRequest()
                .page(p -> p.limit(10_001)).send().join());
        assertRejected(refused, 400, "page.limit", "10000");
    }

    @Test
    void aCursorThisEngineDidNotReturnIsRefusedNamingTheField() {
        String tooLong = java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString("k:99999999999999999999".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String cursor : List.of("not-a-cursor", tooLong)) {
            Throwable refused = catchThrowable(() -> client.newProcessInstanceSearchRequest()
                    .page(p -> p.after(cursor)).send().join());
            assertRejected(refused, 400, "page.after", "cursor");
        }
    }

    private static ProcessInstanceState stateOf(CamundaClient camunda, long key) {
        return camunda.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items().get(0).getState();
    }

    private static List<UserTask> tasksOf(long processInstanceKey) {
        return client.newUserTaskSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items();
    }

    /** Rows of the table that belong to these process instances (any kind). */
    static long rows(String table, long... processInstanceKeys) throws Exception {
        Set<Long> keys = new HashSet<>();
        for (long key : processInstanceKeys) {
            keys.add(key);
        }
        String sql = "engine_record".equals(table)
                ? "SELECT count(*) FROM engine_record WHERE record_key = ANY (?) "
                        + "OR (body::jsonb ->> 'processInstanceKey')::bigint = ANY (?)"
                : "SELECT count(*) FROM engine_history WHERE process_instance_key = ANY (?) OR record_key = ANY (?)";
        try (Connection c = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresSupport.username(),
                EmbeddedPostgresSupport.password()); PreparedStatement s = c.prepareStatement(sql)) {
            s.setArray(1, c.createArrayOf("bigint", keys.toArray()));
            s.setArray(2, c.createArrayOf("bigint", keys.toArray()));
            try (ResultSet result = s.executeQuery()) {
                result.next();
                return result.getLong(1);
            }
        }
    }
}
