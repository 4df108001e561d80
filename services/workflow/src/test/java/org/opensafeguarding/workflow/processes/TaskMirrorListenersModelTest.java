package org.opensafeguarding.workflow.processes;

import static org.assertj.core.api.Assertions.assertThat;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListener;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskListeners;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The tasklist mirror learns of user tasks only from their task listeners (docs/tasklist.md, "Mirror"): a user task
 * of a product model without the mirror listener for each event would be missing from the work trays, or shown
 * open after it ended, until the next reconciliation. Every user task needs all five.
 */
class TaskMirrorListenersModelTest {

    static final String MIRROR_JOB_TYPE = "safeguarding.task-mirror";
    static final Set<String> EVENTS = Set.of("creating", "assigning", "updating", "completing", "canceling");

    @Test
    void everyUserTaskOfTheProductModelsHasTheMirrorListenerForEveryEvent() throws IOException {
        List<Path> models = productModels();
        assertThat(models).as("product models in bpmn/").hasSizeGreaterThanOrEqualTo(5);
        List<String> missing = new ArrayList<>();
        int userTasks = 0;
        for (Path model : models) {
            BpmnModelInstance instance = Bpmn.readModelFromFile(model.toFile());
            for (UserTask task : instance.getModelElementsByType(UserTask.class)) {
                userTasks++;
                Set<String> events = mirrorEvents(task);
                if (!events.containsAll(EVENTS)) {
                    Set<String> lacking = new TreeSet<>(EVENTS);
                    lacking.removeAll(events);
                    missing.add(model.getFileName() + "#" + task.getId() + " lacks " + lacking);
                }
            }
        }
        assertThat(userTasks).isGreaterThan(0);
        assertThat(missing).as("user tasks without the " + MIRROR_JOB_TYPE + " task listeners").isEmpty();
    }

    @Test
    void aUserTaskWithoutTheListenersIsCaught() {
        BpmnModelInstance bare = Bpmn.createExecutableProcess("p").startEvent()
                .userTask("t", u -> u.zeebeUserTask()
                        .zeebeTaskListener(l -> l.creating().type(MIRROR_JOB_TYPE))
                        .zeebeTaskListener(l -> l.completing().type("something.else")))
                .endEvent().done();
        assertThat(mirrorEvents(bare.getModelElementById("t"))).containsExactly("creating");
    }

    private static Set<String> mirrorEvents(UserTask task) {
        Set<String> events = new TreeSet<>();
        ZeebeTaskListeners listeners = task.getSingleExtensionElement(ZeebeTaskListeners.class);
        if (listeners != null) {
            for (ZeebeTaskListener listener : listeners.getTaskListeners()) {
                if (MIRROR_JOB_TYPE.equals(listener.getType()) && listener.getEventType() != null) {
                    events.add(listener.getEventType().name());
                }
            }
        }
        return events;
    }

    private static List<Path> productModels() throws IOException {
        Path dir = Path.of("../../bpmn").toAbsolutePath().normalize();
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
        }
    }
}
