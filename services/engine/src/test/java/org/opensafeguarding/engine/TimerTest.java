package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Timers fire only because the test moves the engine clock through the management endpoint. */
class TimerTest extends EngineTestSupport {

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static List<ElementInstance> elements(long processInstanceKey, String elementId) {
        return client.newElementInstanceSearchRequest()
                .filter(f -> f.processInstanceKey(processInstanceKey).elementId(elementId)).send().join().items();
    }

    private static List<ActivatedJob> activate(String type) {
        return client.newActivateJobsCommand().jobType(type).maxJobsToActivate(10)
                .timeout(Duration.ofMinutes(5)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
    }

    @Test
    void intermediateTimerWithDurationFiresWhenTheClockPassesIt() {
        String id = uniqueId("timer-duration");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .intermediateCatchEvent("wait").timerWithDurationExpression("waitFor")
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("waitFor", "P2D"));
        advanceClock(Duration.ofDays(1));
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);

        advanceClock(Duration.ofDays(1).plusMinutes(1));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                stateOf(instance.getProcessInstanceKey()) == ProcessInstanceState.COMPLETED);
    }

    @Test
    void intermediateTimerWithDateFiresAtThatDate() {
        String id = uniqueId("timer-date");
        String due = Instant.now().plus(Duration.ofDays(400)).toString();
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .intermediateCatchEvent("wait").timerWithDate(due)
                .endEvent().done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        advanceClock(Duration.ofDays(401));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                stateOf(instance.getProcessInstanceKey()) == ProcessInstanceState.COMPLETED);
    }

    @Test
    void interruptingTimerBoundaryEventCancelsTheTask() {
        String id = uniqueId("timer-interrupting");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("late").timerWithDuration("PT1H").endEvent("escalated")
                .moveToActivity("work").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        advanceClock(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                stateOf(instance.getProcessInstanceKey()) == ProcessInstanceState.COMPLETED);
        assertThat(elements(instance.getProcessInstanceKey(), "work").get(0).getState().name())
                .isEqualTo("TERMINATED");
        assertThat(elements(instance.getProcessInstanceKey(), "escalated")).hasSize(1);
        assertThat(activate(id)).isEmpty();
    }

    @Test
    void nonInterruptingCycleBoundaryEventFiresEachIntervalWhileTheTaskWaits() {
        String id = uniqueId("timer-cycle");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("reminder", b -> b.cancelActivity(false)).timerWithCycle("R2/PT1H")
                .endEvent("reminded")
                .moveToActivity("work").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of());
        long key = instance.getProcessInstanceKey();
        advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "reminded").size() == 1);
        advanceClock(Duration.ofMinutes(61));
        await().atMost(Duration.ofSeconds(10)).until(() -> elements(key, "reminded").size() == 2);
        advanceClock(Duration.ofMinutes(61));
        assertThat(elements(key, "reminded")).as("R2 repeats twice").hasSize(2);

        client.newCompleteCommand(activate(id).get(0).getKey()).send().join();
        assertThat(stateOf(key)).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void clockEndpointPinsAndResetsTime() {
        management("POST", "/actuator/clock/pin", "{\"timestamp\":1700000000000}");
        assertThat(management("GET", "/actuator/clock", null)).contains("1700000000000");
        management("POST", "/actuator/clock/add", "{\"offsetMilli\":1000}");
        assertThat(management("GET", "/actuator/clock", null)).contains("1700000001000");
        resetClock();
        assertThat(management("GET", "/actuator/clock", null)).contains("\"pinned\":false");
    }
}
