package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.api.response.ProcessInstanceEvent;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class MessageTest extends EngineTestSupport {

    private static ProcessInstanceState stateOf(long processInstanceKey) {
        return client.newProcessInstanceSearchRequest().filter(f -> f.processInstanceKey(processInstanceKey))
                .send().join().items().get(0).getState();
    }

    private static String deployCatch() {
        String id = uniqueId("message-catch");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .intermediateCatchEvent("wait").message(m -> m.name(id + "-reply")
                        .zeebeCorrelationKeyExpression("caseId"))
                .endEvent().done(), id);
        return id;
    }

    @Test
    void publishedMessageIsCorrelatedByNameAndCorrelationKey() {
        String id = deployCatch();
        ProcessInstanceEvent mine = start(id, Map.of("caseId", "A"));
        ProcessInstanceEvent other = start(id, Map.of("caseId", "B"));
        var subscriptions = client.newMessageSubscriptionSearchRequest()
                .filter(f -> f.processInstanceKey(mine.getProcessInstanceKey())).send().join().items();
        assertThat(subscriptions).hasSize(1);

        client.newPublishMessageCommand().messageName(id + "-reply").correlationKey("A")
                .variables(Map.of("answer", "yes")).send().join();
        assertThat(stateOf(mine.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(stateOf(other.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);
        var answer = client.newVariableSearchRequest()
                .filter(f -> f.processInstanceKey(mine.getProcessInstanceKey()).name("answer")).send().join().items();
        assertThat(answer).hasSize(1);
    }

    @Test
    void messageWithTimeToLiveIsBufferedForSubscriptionsOpenedLater() {
        String id = deployCatch();
        client.newPublishMessageCommand().messageName(id + "-reply").correlationKey("early")
                .timeToLive(Duration.ofMinutes(5)).send().join();
        ProcessInstanceEvent instance = start(id, Map.of("caseId", "early"));
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
    }

    @Test
    void bufferedMessageExpiresAfterItsTimeToLive() {
        String id = deployCatch();
        client.newPublishMessageCommand().messageName(id + "-reply").correlationKey("late")
                .timeToLive(Duration.ofMinutes(5)).send().join();
        advanceClock(Duration.ofMinutes(6));
        ProcessInstanceEvent instance = start(id, Map.of("caseId", "late"));
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.ACTIVE);
    }

    @Test
    void secondMessageWithTheSameIdIsRejected() {
        String id = uniqueId("dedupe");
        client.newPublishMessageCommand().messageName(id).correlationKey("k").messageId("m-1")
                .timeToLive(Duration.ofMinutes(5)).send().join();
        assertThatThrownBy(() -> client.newPublishMessageCommand().messageName(id).correlationKey("k")
                .messageId("m-1").timeToLive(Duration.ofMinutes(5)).send().join())
                .satisfies(e -> assertRejected(e, 409, io.grpc.Status.Code.ALREADY_EXISTS));
    }

    @Test
    void messageStartEventCreatesAnInstanceWithTheMessageVariables() {
        String id = uniqueId("message-start");
        deploy(Bpmn.createExecutableProcess(id).startEvent("start").message(id + "-referral")
                .serviceTask("triage", t -> t.zeebeJobType(id)).endEvent().done(), id);
        var result = client.newCorrelateMessageCommand().messageName(id + "-referral").correlationKey("R-1")
                .variables(Map.of("referralId", "R-1")).send().join();
        assertThat(result.getProcessInstanceKey()).isPositive();
        var job = client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1)
                .timeout(Duration.ofMinutes(1)).send().join().getJobs().get(0);
        assertThat(job.getVariablesAsMap()).containsEntry("referralId", "R-1");
        assertThat(job.getProcessInstanceKey()).isEqualTo(result.getProcessInstanceKey());
    }

    @Test
    void interruptingMessageBoundaryEventCancelsTheTask() {
        String id = uniqueId("message-boundary");
        deploy(Bpmn.createExecutableProcess(id).startEvent()
                .serviceTask("work", t -> t.zeebeJobType(id))
                .boundaryEvent("withdrawn").message(m -> m.name(id + "-withdraw")
                        .zeebeCorrelationKeyExpression("caseId"))
                .endEvent("closed")
                .moveToActivity("work").endEvent("done").done(), id);
        ProcessInstanceEvent instance = start(id, Map.of("caseId", "W"));
        client.newPublishMessageCommand().messageName(id + "-withdraw").correlationKey("W").send().join();
        assertThat(stateOf(instance.getProcessInstanceKey())).isEqualTo(ProcessInstanceState.COMPLETED);
        assertThat(client.newActivateJobsCommand().jobType(id).maxJobsToActivate(1).timeout(Duration.ofMinutes(1))
                .requestTimeout(Duration.ofMillis(-1)).send().join().getJobs()).isEmpty();
    }

    @Test
    void correlatingWithoutSubscriberIsNotFound() {
        assertThatThrownBy(() -> client.newCorrelateMessageCommand().messageName(uniqueId("nobody"))
                .correlationKey("x").send().join())
                .satisfies(e -> assertRejected(e, 404));
    }
}
