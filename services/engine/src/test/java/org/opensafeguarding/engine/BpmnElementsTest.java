package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event subprocesses, inclusive and event-based gateways, the other task and event types, timer start events. */
class BpmnElementsTest extends EngineTestSupport {

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static void awaitState(long processInstanceKey, ProcessInstanceState expected) {
        await().atMost(Duration.ofSeconds(10)).until(() -> stateOf(processInstanceKey) == expected);
    }

    private static List<ElementInstance> elements(long processInstanceKey, String elementId) {
        return client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey).elementId(elementId)).send().join().items();
    }

    private static String elementState(long processInstanceKey, String elementId) {
        List<ElementInstance> found = elements(processInstanceKey, elementId);
        assertThat(found).as("element instances of " + elementId).hasSize(1);
        return found.get(0).getState().name();
    }

    private static List<ActivatedJob> activate(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    private static void completeAll(String type, Map<String, Object> variables) {
        List<ActivatedJob> jobs = activate(type);
        assertThat(jobs).as("jobs of type " + type).isNotEmpty();
        jobs.forEach(job -> client.newCompleteCommand(job.getKey()).variables(variables).send().join());
    }

    private static void publish(String name, String key, Map<String, Object> variables) {
        client.newPublishMessageCommand().messageName(name).correlationKey(key).variables(variables).send().join();
    }

    private static Object variable(long processInstanceKey, String name) {
        return client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey).name(name)).send().join()
                .items().stream().filter(v -> v.getScopeKey() == processInstanceKey).findFirst()
                .map(v -> v.getValue()).orElse(null);
    }

    // ------------------------------------------------------------------ event subprocesses

    @Test
    void nonInterruptingMessageEventSubprocessRunsBesideTheMainFlowEachTime() {
        String id = uniqueId("esp-message");
        deploy(Bpmn.createExecutableProcess(id)
                .eventSubProcess("extra", s -> s.startEvent("extraStart").interrupting(false)
                        .message(m -> m.name(id + "-msg").zeebeCorrelationKeyExpression("caseId"))
                        .serviceTask("extraWork", t -> t.zeebeJobType(id + "-extra")).endEvent())
                .startEvent().serviceTask("main", t -> t.zeebeJobType(id + "-main")).endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("caseId", "c1"));
        long key = instance.getProcessInstanceKey();
        publish(id + "-msg", "c1", Map.of("note", "first"));
        publish(id + "-msg", "c1", Map.of("note", "second"));

        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "extraWork").size() == 2);
        assertThat(elements(key, "extra")).allMatch(e -> e.getType().name().equals("EVENT_SUB_PROCESS"));
        completeAll(id + "-extra", Map.of());
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.ACTIVE);
        completeAll(id + "-main", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(client.newMessageSubscriptionSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items()).noneMatch(s -> s.getMessageSubscriptionState().name().equals("CREATED"));
    }

    @Test
    void missingCorrelationKeyOfAnEventSubprocessIsAnIncidentThatResolutionRetries() {
        String id = uniqueId("esp-incident");
        deploy(Bpmn.createExecutableProcess(id)
                .eventSubProcess("extra", s -> s.startEvent("extraStart").interrupting(false)
                        .message(m -> m.name(id + "-msg").zeebeCorrelationKeyExpression("caseId"))
                        .endEvent("extraEnd"))
                .startEvent().serviceTask("main", t -> t.zeebeJobType(id)).endEvent().done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        var incidents = client.newIncidentSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items();
        assertThat(incidents).hasSize(1);
        assertThat(incidents.get(0).getErrorType().name()).isEqualTo("EXTRACT_VALUE_ERROR");
        assertThat(activate(id)).isEmpty();

        client.newSetVariablesCommand(key).variables(Map.of("caseId", "c9")).send().join();
        client.newResolveIncidentCommand(incidents.get(0).getIncidentKey()).send().join();
        publish(id + "-msg", "c9", Map.of());
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "extraEnd").size() == 1);
        completeAll(id, Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
    }

    @Test
    void interruptingMessageEventSubprocessInsideASubprocessEndsItAndTheProcessGoesOn() {
        String id = uniqueId("esp-sub");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .subProcess("sub", sp -> sp.embeddedSubProcess()
                        .eventSubProcess("cancelSub", es -> es.startEvent("cancelStart").interrupting(true)
                                .message(m -> m.name(id + "-cancel").zeebeCorrelationKeyExpression("caseId"))
                                .endEvent("cancelled"))
                        .startEvent().serviceTask("inner", t -> t.zeebeJobType(id + "-inner")).endEvent())
                .serviceTask("after", t -> t.zeebeJobType(id + "-after")).endEvent().done(), id);
        long key = start(id, Map.of("caseId", "c2")).getProcessInstanceKey();
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "inner").size() == 1);
        publish(id + "-cancel", "c2", Map.of("reason", "withdrawn"));

        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "after").size() == 1);
        assertThat(elementState(key, "inner")).isEqualTo("TERMINATED");
        assertThat(elementState(key, "cancelled")).isEqualTo("COMPLETED");
        assertThat(elementState(key, "sub")).isEqualTo("COMPLETED");
        assertThat(activate(id + "-inner")).isEmpty();
        assertThat(variable(key, "reason")).isEqualTo("\"withdrawn\"");
        completeAll(id + "-after", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
    }

    @Test
    void interruptingTimerEventSubprocessFiresWhenTheClockPasses() {
        String id = uniqueId("esp-timer");
        deploy(Bpmn.createExecutableProcess(id)
                .eventSubProcess("late", s -> s.startEvent("lateStart").timerWithDuration("PT4H")
                        .endEvent("timedOut"))
                .startEvent().serviceTask("main", t -> t.zeebeJobType(id)).endEvent("normal").done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        advanceClock(Duration.ofHours(5));
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elementState(key, "main")).isEqualTo("TERMINATED");
        assertThat(elementState(key, "timedOut")).isEqualTo("COMPLETED");
        assertThat(elements(key, "normal")).isEmpty();
        assertThat(activate(id)).isEmpty();
    }

    @Test
    void nonInterruptingTimerCycleEventSubprocessRepeats() {
        String id = uniqueId("esp-cycle");
        deploy(Bpmn.createExecutableProcess(id)
                .eventSubProcess("remind", s -> s.startEvent("remindStart").interrupting(false)
                        .timerWithCycle("R2/PT1H").endEvent("reminded"))
                .startEvent().serviceTask("main", t -> t.zeebeJobType(id)).endEvent().done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "reminded").size() == 1);
        advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "reminded").size() == 2);
        advanceClock(Duration.ofHours(3));
        completeAll(id, Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "reminded")).hasSize(2);
    }

    @Test
    void errorEventSubprocessCatchesAnErrorThrownByAJobWorker() {
        String id = uniqueId("esp-error");
        deploy(Bpmn.createExecutableProcess(id)
                .eventSubProcess("onError", s -> s.startEvent("errorStart").error("NOT_FOUND")
                        .endEvent("handled"))
                .startEvent().serviceTask("main", t -> t.zeebeJobType(id)).endEvent("normal").done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        ActivatedJob job = activate(id).get(0);
        client.newThrowErrorCommand(job.getKey()).errorCode("NOT_FOUND").send().join();
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elementState(key, "handled")).isEqualTo("COMPLETED");
        assertThat(elementState(key, "main")).isEqualTo("TERMINATED");
    }

    // ------------------------------------------------------------------ gateways

    private static BpmnModelInstance inclusive(String id) {
        return Bpmn.createExecutableProcess(id).startEvent()
                .inclusiveGateway("fork")
                .defaultFlow().serviceTask("none", t -> t.zeebeJobType(id + "-none")).inclusiveGateway("join")
                .endEvent("end")
                .moveToNode("fork").conditionExpression("a").serviceTask("taskA", t -> t.zeebeJobType(id + "-a"))
                .connectTo("join")
                .moveToNode("fork").conditionExpression("b").serviceTask("taskB", t -> t.zeebeJobType(id + "-b"))
                .connectTo("join")
                .moveToNode("fork").conditionExpression("c").serviceTask("taskC", t -> t.zeebeJobType(id + "-c"))
                .connectTo("join")
                .done();
    }

    @Test
    void inclusiveGatewayTakesEveryTrueFlowAndTheJoinWaitsForThem() {
        String id = uniqueId("inclusive");
        deploy(inclusive(id), id);
        long key = start(id, Map.of("a", true, "b", true, "c", false)).getProcessInstanceKey();
        completeAll(id + "-a", Map.of());
        assertThat(activate(id + "-c")).isEmpty();
        assertThat(activate(id + "-none")).isEmpty();
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.ACTIVE);
        assertThat(elements(key, "join")).isEmpty();
        completeAll(id + "-b", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "join")).hasSize(1);
        assertThat(elements(key, "end")).hasSize(1);
    }

    @Test
    void inclusiveGatewayTakesTheDefaultFlowWhenNoConditionHolds() {
        String id = uniqueId("inclusive-default");
        deploy(inclusive(id), id);
        long key = start(id, Map.of("a", false, "b", false, "c", false)).getProcessInstanceKey();
        completeAll(id + "-none", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "taskA")).isEmpty();
    }

    @Test
    void inclusiveJoinDoesNotWaitForABranchThatCanNoLongerReachIt() {
        String id = uniqueId("inclusive-unreachable");
        deploy(Bpmn.createExecutableProcess(id).startEvent().parallelGateway("split")
                .serviceTask("left", t -> t.zeebeJobType(id + "-left")).inclusiveGateway("join").endEvent("end")
                .moveToNode("split").serviceTask("right", t -> t.zeebeJobType(id + "-right"))
                .exclusiveGateway("choice").defaultFlow().endEvent("sideEnd")
                .moveToNode("choice").conditionExpression("toJoin").connectTo("join")
                .done(), id);
        long key = start(id, Map.of("toJoin", false)).getProcessInstanceKey();
        completeAll(id + "-left", Map.of());
        assertThat(elements(key, "end")).isEmpty();
        completeAll(id + "-right", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "join")).hasSize(1);
        assertThat(elements(key, "sideEnd")).hasSize(1);
    }

    private static BpmnModelInstance eventBased(String id) {
        return Bpmn.createExecutableProcess(id).startEvent().eventBasedGateway("wait")
                .intermediateCatchEvent("answer").message(m -> m.name(id + "-answer")
                        .zeebeCorrelationKeyExpression("caseId")).endEvent("answered")
                .moveToNode("wait").intermediateCatchEvent("timeout").timerWithDuration("P1D").endEvent("expired")
                .done();
    }

    @Test
    void eventBasedGatewayFollowsTheMessageAndCancelsTheTimer() {
        String id = uniqueId("event-gateway-message");
        deploy(eventBased(id), id);
        long key = start(id, Map.of("caseId", "e1")).getProcessInstanceKey();
        publish(id + "-answer", "e1", Map.of("answer", "yes"));
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elementState(key, "answered")).isEqualTo("COMPLETED");
        assertThat(elements(key, "wait").get(0).getType().name()).isEqualTo("EVENT_BASED_GATEWAY");
        assertThat(variable(key, "answer")).isEqualTo("\"yes\"");
        advanceClock(Duration.ofDays(2));
        assertThat(elements(key, "expired")).isEmpty();
    }

    @Test
    void eventBasedGatewayFollowsTheTimerAndClosesTheSubscription() {
        String id = uniqueId("event-gateway-timer");
        deploy(eventBased(id), id);
        long key = start(id, Map.of("caseId", "e2")).getProcessInstanceKey();
        advanceClock(Duration.ofDays(2));
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elementState(key, "expired")).isEqualTo("COMPLETED");
        assertThat(client.newMessageSubscriptionSearchRequest().filter(f -> f.processInstanceKey(key)).send().join()
                .items()).noneMatch(s -> s.getMessageSubscriptionState().name().equals("CREATED"));
        assertThat(elements(key, "answer")).isEmpty();
    }

    // ------------------------------------------------------------------ tasks and events

    @Test
    void scriptTaskStoresTheExpressionResult() {
        String id = uniqueId("script");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .scriptTask("calc", s -> s.zeebeExpression("{sum: a + b, employer: true}").zeebeResultVariable("r"))
                .endEvent().done(), id);
        long key = start(id, Map.of("a", 2, "b", 3)).getProcessInstanceKey();
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(variable(key, "r")).isEqualTo("{\"sum\":5,\"employer\":true}");
        assertThat(elements(key, "calc").get(0).getType().name()).isEqualTo("SCRIPT_TASK");
    }

    @Test
    void sendBusinessRuleThrowAndMessageEndEventsRunAsJobs() {
        String id = uniqueId("job-elements");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .sendTask("send", t -> t.zeebeJobType(id + "-send"))
                .businessRuleTask("rule", t -> t.zeebeJobType(id + "-rule"))
                .intermediateThrowEvent("throw", e -> e.message(id + "-m").zeebeJobType(id + "-throw"))
                .intermediateThrowEvent("none")
                .manualTask("manual")
                .endEvent("end", e -> e.message(id + "-m").zeebeJobType(id + "-end"))
                .done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        completeAll(id + "-send", Map.of("sent", true));
        completeAll(id + "-rule", Map.of("decision", "ok"));
        completeAll(id + "-throw", Map.of());
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.ACTIVE);
        completeAll(id + "-end", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "send").get(0).getType().name()).isEqualTo("SEND_TASK");
        assertThat(elements(key, "rule").get(0).getType().name()).isEqualTo("BUSINESS_RULE_TASK");
        assertThat(elements(key, "none").get(0).getType().name()).isEqualTo("INTERMEDIATE_THROW_EVENT");
        assertThat(elements(key, "manual").get(0).getType().name()).isEqualTo("MANUAL_TASK");
        assertThat(variable(key, "decision")).isEqualTo("\"ok\"");
    }

    @Test
    void receiveTaskWaitsForItsMessage() {
        String id = uniqueId("receive");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .receiveTask("receive").message(m -> m.name(id + "-msg").zeebeCorrelationKeyExpression("caseId"))
                .endEvent().done(), id);
        long key = start(id, Map.of("caseId", "r1")).getProcessInstanceKey();
        publish(id + "-msg", "other", Map.of());
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.ACTIVE);
        publish(id + "-msg", "r1", Map.of("form", "returned"));
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(variable(key, "form")).isEqualTo("\"returned\"");
        assertThat(elements(key, "receive").get(0).getType().name()).isEqualTo("RECEIVE_TASK");
    }

    @Test
    void terminateEndEventEndsTheProcessAndEverythingInIt() {
        String id = uniqueId("terminate");
        deploy(Bpmn.createExecutableProcess(id).startEvent().parallelGateway("split")
                .serviceTask("slow", t -> t.zeebeJobType(id + "-slow")).endEvent("slowEnd")
                .moveToNode("split").serviceTask("fast", t -> t.zeebeJobType(id + "-fast"))
                .endEvent("stop", e -> e.terminate()).done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        completeAll(id + "-fast", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elementState(key, "slow")).isEqualTo("TERMINATED");
        assertThat(activate(id + "-slow")).isEmpty();
    }

    @Test
    void terminateEndEventInASubprocessEndsOnlyTheSubprocess() {
        String id = uniqueId("terminate-sub");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .subProcess("sub", sp -> sp.embeddedSubProcess().startEvent().parallelGateway("split")
                        .serviceTask("slow", t -> t.zeebeJobType(id + "-slow")).endEvent()
                        .moveToNode("split").endEvent("stop", e -> e.terminate()))
                .serviceTask("after", t -> t.zeebeJobType(id + "-after")).endEvent().done(), id);
        long key = start(id, Map.of()).getProcessInstanceKey();
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "after").size() == 1);
        assertThat(elementState(key, "slow")).isEqualTo("TERMINATED");
        assertThat(elementState(key, "sub")).isEqualTo("COMPLETED");
        completeAll(id + "-after", Map.of());
        awaitState(key, ProcessInstanceState.COMPLETED);
    }

    @Test
    void multiInstanceCompletionConditionEndsTheRemainingInstances() {
        String id = uniqueId("mi-completion");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("vote", t -> t.zeebeJobType(id).multiInstance(m -> m.parallel()
                        .zeebeInputCollectionExpression("voters").zeebeInputElement("voter")
                        .completionCondition("=numberOfCompletedInstances >= 2")))
                .endEvent().done(), id);
        long key = start(id, Map.of("voters", List.of("a", "b", "c", "d"))).getProcessInstanceKey();
        List<ActivatedJob> jobs = activate(id);
        assertThat(jobs).hasSize(4);
        client.newCompleteCommand(jobs.get(0).getKey()).send().join();
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.ACTIVE);
        client.newCompleteCommand(jobs.get(1).getKey()).send().join();
        awaitState(key, ProcessInstanceState.COMPLETED);
        assertThat(elements(key, "vote").stream().filter(e -> e.getState().name().equals("TERMINATED")))
                .hasSize(2);
        assertThatThrownBy(() -> client.newCompleteCommand(jobs.get(2).getKey()).send().join())
                .isInstanceOf(RuntimeException.class);
    }

    // ------------------------------------------------------------------ timer start events

    private static List<ProcessInstance> instancesOf(String processId) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processDefinitionId(processId)).send().join()
                .items();
    }

    @Test
    void timerStartEventWithADateStartsOneInstance() {
        String id = uniqueId("timer-start-date");
        String due = Instant.now().plus(Duration.ofDays(800)).toString();
        deploy(Bpmn.createExecutableProcess(id).startEvent("timerStart").timerWithDate(due)
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        assertThat(instancesOf(id)).isEmpty();
        advanceClock(Duration.ofDays(801));
        await().atMost(Duration.ofSeconds(10)).until(() -> instancesOf(id).size() == 1);
        advanceClock(Duration.ofDays(1));
        assertThat(instancesOf(id)).hasSize(1);
    }

    @Test
    void timerStartCycleStartsAnInstancePerRepetitionAndANewVersionReplacesIt() {
        String id = uniqueId("timer-start-cycle");
        deploy(Bpmn.createExecutableProcess(id).startEvent("timerStart").timerWithCycle("R/PT1H")
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> instancesOf(id).size() == 1);
        advanceClock(Duration.ofMinutes(60));
        await().atMost(Duration.ofSeconds(10)).until(() -> instancesOf(id).size() == 2);

        // version 2 has no timer start: the version 1 timer is gone
        deploy(Bpmn.createExecutableProcess(id).startEvent("noneStart")
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent("v2").done(), id);
        advanceClock(Duration.ofHours(3));
        assertThat(instancesOf(id)).hasSize(2);
        assertThat(instancesOf(id)).allMatch(i -> i.getProcessDefinitionVersion() == 1);
    }

    @Test
    void stillUnsupportedElementsAreRejectedWithIdAndType() {
        String id = uniqueId("unsupported");
        assertThatThrownBy(() -> deploy(Bpmn.createExecutableProcess(id).startEvent()
                .intermediateThrowEvent("signal").signal("s").endEvent().done(), id))
                .hasMessageContaining("element 'signal' of type 'intermediateThrowEvent'");
    }
}
