package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Everything acknowledged before close() is there after a new engine starts on the same database. */
class RestartTest extends EngineTestSupport {

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    @Test
    void instancesJobsTimersAndMessagesCarryOnAfterARestart() {
        String tasks = uniqueId("restart-task");
        String timers = uniqueId("restart-timer");
        String messages = uniqueId("restart-message");
        deploy(Bpmn.createExecutableProcess(tasks).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(tasks)).endEvent().done(), tasks);
        deploy(Bpmn.createExecutableProcess(timers).startEvent()
                .intermediateCatchEvent("wait").timerWithDuration("PT1H").endEvent().done(), timers);
        deploy(Bpmn.createExecutableProcess(messages).startEvent()
                .intermediateCatchEvent("reply").message(m -> m.name(messages).zeebeCorrelationKeyExpression("id"))
                .endEvent().done(), messages);

        ProcessInstanceEvent taskInstance = start(tasks, Map.of("caseId", "C-1"));
        ProcessInstanceEvent timerInstance = start(timers, Map.of());
        ProcessInstanceEvent messageInstance = start(messages, Map.of("id", "M-1"));
        ActivatedJob job = client.newActivateJobsCommand().jobType(tasks).maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(10)).send().join().getJobs().get(0);

        restartEngine();

        client.newCompleteCommand(job.getKey()).variables(Map.of("done", true)).send().join();
        assertThat(stateOf(taskInstance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);

        advanceClock(Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(10)).until(() ->
                stateOf(timerInstance.getProcessInstanceKey()) == ProcessInstanceState.COMPLETED);

        client.newPublishMessageCommand().messageName(messages).correlationKey("M-1").send().join();
        assertThat(stateOf(messageInstance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);

        ProcessInstanceEvent later = start(tasks, Map.of());
        assertThat(later.getProcessInstanceKey()).as("keys keep counting up across restarts")
                .isGreaterThan(messageInstance.getProcessInstanceKey());
        assertThat(later.getVersion()).isEqualTo(1);
    }

    @Test
    void jobActivatedBeforeTheRestartTimesOutAfterIt() {
        String id = uniqueId("restart-timeout");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id)).endEvent().done(), id);
        start(id, Map.of());
        client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).timeout(Duration.ofMinutes(1))
                .send().join();

        restartEngine();

        advanceClock(Duration.ofMinutes(2));
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1)
                    .timeout(Duration.ofMinutes(1)).requestTimeout(Duration.ofMillis(-1)).send().join().getJobs();
            return !jobs.isEmpty();
        });
    }
}
