package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.CamundaClient;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.api.search.enums.ElementInstanceState;
import io.camunda.client.api.search.enums.ProcessInstanceState;
import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.response.ElementInstance;
import io.camunda.client.api.search.response.ProcessInstance;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.client.api.search.response.Variable;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What the fault tests check after a fault, through the API only: the engine's view of {@link FaultLoad}'s
 * instances set against the outcomes the clients recorded.
 */
final class FaultLoadCheck {

    /** Searches are read page by page, so the check works with a bounded page size too. */
    private static final int PAGE = 500;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private FaultLoadCheck() {
    }

    /** Everything the engine holds of the load's process; duplicates fail while reading. */
    record EngineView(Map<Long, ProcessInstance> instances, Map<String, Long> instanceOfRef,
                      Map<Long, ElementInstance> work, Map<Long, ElementInstance> review,
                      Map<Long, ElementInstance> waiting, Map<Long, UserTask> tasks, List<ElementInstance> elements) {

        static EngineView read(CamundaClient client) {
            Map<Long, ProcessInstance> instances = byKey(all(after -> client.newProcessInstanceSearchRequest()
                    .filter(f -> f.processDefinitionId(FaultLoad.PROCESS)).page(p -> page(p, after)).send().join()),
                    ProcessInstance::getProcessInstanceKey, "instance");
            Map<String, Long> instanceOfRef = new HashMap<>();
            for (Variable ref : all(after -> client.newVariableSearchRequest().filter(f -> f.name(FaultLoad.REF))
                    .page(p -> page(p, after)).send().join())) {
                if (!instances.containsKey(ref.getProcessInstanceKey())) {
                    continue; // a variable of another process named the same
                }
                String value = ref.getValue().replace("\"", "");
                Long other = instanceOfRef.put(value, ref.getProcessInstanceKey());
                assertThat(other).as("%s created twice: instances %s and %d", value, other,
                        ref.getProcessInstanceKey()).isNull();
            }
            List<ElementInstance> elements = all(after -> client.newElementInstanceSearchRequest()
                    .filter(f -> f.processDefinitionId(FaultLoad.PROCESS)).page(p -> page(p, after)).send().join());
            Map<Long, UserTask> tasks = byKey(all(after -> client.newUserTaskSearchRequest()
                    .filter(f -> f.elementId("review")).page(p -> page(p, after)).send().join()),
                    UserTask::getProcessInstanceKey, "user task of instance");
            return new EngineView(instances, instanceOfRef, element(elements, "work"), element(elements, "review"),
                    element(elements, "wait"), tasks, elements);
        }

        boolean reached(Map<Long, ElementInstance> elements, long instance) {
            ElementInstance element = elements.get(instance);
            return element != null && element.getState() == ElementInstanceState.COMPLETED;
        }
    }

    /**
     * The promises, while load may still run: what was acknowledged before {@code acknowledged} and
     * {@code completions} were copied is there, and nothing is there twice (checked by reading the view).
     */
    static void assertAcknowledgedPresent(EngineView view, Map<String, Long> acknowledged, Map<Long, Long> completions) {
        acknowledged.forEach((ref, key) -> assertThat(view.instanceOfRef().get(ref))
                .as("acknowledged instance %s (%d)", ref, key).isEqualTo(key));
        completions.forEach((job, instance) -> assertThat(view.reached(view.work(), instance))
                .as("instance %d of job %d whose completion was acknowledged", instance, job).isTrue());
    }

    /** The promises once the load has stopped: acknowledged there, refused nowhere, the rest all or nothing. */
    static void assertConsistent(EngineView view, FaultLoad load) {
        assertThat(load.violations).as("refused commands found applied").isEmpty();
        assertAcknowledgedPresent(view, load.acknowledgedInstances, completionsOf(load, load.acknowledgedCompletions));
        // every instance is one the clients sent (so no ref is missing), and a refused create is nowhere
        assertThat(new HashSet<>(view.instanceOfRef().values())).isEqualTo(view.instances().keySet());
        for (String ref : load.refusedInstances) {
            if (!load.acknowledgedInstances.containsKey(ref) && !load.unknownInstances.contains(ref)) {
                assertThat(view.instanceOfRef()).as("refused create %s", ref).doesNotContainKey(ref);
            }
        }
        assertThat(view.instances().values()).allSatisfy(i -> assertThat(i.getState())
                .isEqualTo(ProcessInstanceState.ACTIVE));
        assertThat(view.waiting()).as("timers only fire when the clock is moved").isEmpty();
        // every instance that is there is there completely: its service task, and past it its user task
        assertThat(view.work().keySet()).isEqualTo(view.instances().keySet());
        for (long instance : view.instances().keySet()) {
            if (view.reached(view.work(), instance)) {
                assertThat(view.review().get(instance)).as("user task element of instance %d", instance)
                        .isNotNull().extracting(ElementInstance::getState).isEqualTo(ElementInstanceState.ACTIVE);
                assertThat(view.tasks().get(instance)).as("user task of instance %d", instance)
                        .isNotNull().extracting(UserTask::getState).isEqualTo(UserTaskState.CREATED);
            } else {
                assertThat(view.work().get(instance).getState()).isEqualTo(ElementInstanceState.ACTIVE);
                assertThat(view.review()).doesNotContainKey(instance);
                assertThat(view.tasks()).doesNotContainKey(instance);
            }
        }
        for (long job : load.refusedCompletions) {
            if (!load.acknowledgedCompletions.contains(job) && !load.unknownCompletions.contains(job)) {
                assertThat(view.reached(view.work(), load.instanceOfJob.get(job))).as("refused completion of job %d",
                        job).isFalse();
            }
        }
        // keys never repeat: instances, element instances, jobs and user tasks all have their own
        Set<Long> keys = new HashSet<>(view.instances().keySet());
        List<Long> others = new ArrayList<>(load.instanceOfJob.keySet());
        view.tasks().values().forEach(t -> others.add(t.getUserTaskKey()));
        view.elements().forEach(e -> others.add(e.getElementInstanceKey()));
        for (long key : others) {
            assertThat(keys.add(key)).as("key %d used once", key).isTrue();
        }
    }

    /**
     * Takes every instance to its end: jobs activated before the fault and never completed come back once their
     * timeout has passed on the engine's clock, exactly one per instance still at the service task and never one
     * whose completion was acknowledged; an unanswered completion was either applied or not at all. Then the
     * user tasks are completed and the clock moved past the timers: each fires once, and every instance ends.
     */
    static void assertEveryInstanceRunsToItsEndOnce(CamundaClient client, URI management, EngineView view,
                                                    FaultLoad load, Duration jobTimeout) {
        moveClock(management, jobTimeout.multipliedBy(2));
        Map<Long, ActivatedJob> reactivated = new HashMap<>();
        for (int round = 0; round < 1000; round++) {
            List<ActivatedJob> jobs = client.newActivateJobsCommand().jobType(FaultLoad.JOB_TYPE)
                    .maxJobsToActivate(200).timeout(Duration.ofHours(10)).requestTimeout(Duration.ofMillis(500))
                    .send().join().getJobs();
            if (jobs.isEmpty()) {
                break;
            }
            jobs.forEach(j -> assertThat(reactivated.put(j.getKey(), j)).as("job %d handed out twice", j.getKey())
                    .isNull());
        }
        assertThat(reactivated.keySet()).doesNotContainAnyElementsOf(load.acknowledgedCompletions);
        Set<Long> atWork = view.instances().keySet().stream().filter(i -> !view.reached(view.work(), i))
                .collect(Collectors.toSet());
        assertThat(reactivated.values().stream().map(ActivatedJob::getProcessInstanceKey).toList())
                .doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(atWork);
        for (long job : load.unknownCompletions) {
            long instance = load.instanceOfJob.get(job);
            if (view.instances().containsKey(instance) && !load.acknowledgedCompletions.contains(job)) {
                boolean applied = view.reached(view.work(), instance);
                assertThat(reactivated.containsKey(job)).as("job %d: completion applied %s", job, applied)
                        .isEqualTo(!applied);
            }
        }

        // the key counter carries on above every key handed out before
        long highest = view.instances().keySet().stream().mapToLong(Long::longValue).max().orElse(0);
        highest = Math.max(highest, view.elements().stream().mapToLong(ElementInstance::getElementInstanceKey)
                .max().orElse(0));
        long next = client.newCreateInstanceCommand().bpmnProcessId(FaultLoad.PROCESS).latestVersion()
                .variables(Map.of(FaultLoad.REF, "after-the-faults")).send().join().getProcessInstanceKey();
        assertThat(next).isGreaterThan(highest);
        int total = view.instances().size() + 1;

        for (ActivatedJob job : reactivated.values()) {
            client.newCompleteCommand(job.getKey()).send().join();
        }
        client.newActivateJobsCommand().jobType(FaultLoad.JOB_TYPE).maxJobsToActivate(10)
                .timeout(Duration.ofHours(10)).send().join().getJobs()
                .forEach(j -> client.newCompleteCommand(j.getKey()).send().join());
        List<UserTask> open = all(after -> client.newUserTaskSearchRequest()
                .filter(f -> f.elementId("review").state(UserTaskState.CREATED)).page(p -> page(p, after))
                .send().join());
        assertThat(open).hasSize(total);
        for (UserTask task : open) {
            client.newCompleteUserTaskCommand(task.getUserTaskKey()).send().join();
        }
        moveClock(management, Duration.ofHours(2));
        await().atMost(Duration.ofSeconds(120)).until(() -> client.newProcessInstanceSearchRequest()
                .filter(f -> f.processDefinitionId(FaultLoad.PROCESS).state(ProcessInstanceState.ACTIVE))
                .page(p -> p.limit(1)).send().join().items().isEmpty());
        // moving the clock again fires nothing twice: one timer and one end event per instance
        moveClock(management, Duration.ofHours(2));
        EngineView end = EngineView.read(client);
        assertThat(end.instances()).hasSize(total).allSatisfy((k, i) -> assertThat(i.getState())
                .isEqualTo(ProcessInstanceState.COMPLETED));
        assertThat(end.waiting()).hasSize(total).allSatisfy((k, e) -> assertThat(e.getState())
                .isEqualTo(ElementInstanceState.COMPLETED));
        assertThat(element(end.elements(), "end")).hasSize(total);
    }

    static void moveClock(URI management, Duration by) {
        try {
            HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(management
                            + "/actuator/clock/add")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"offsetMilli\":" + by.toMillis() + "}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(response.statusCode()).as("moving the clock: " + response.body()).isLessThan(300);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static Map<Long, Long> completionsOf(FaultLoad load, Set<Long> jobs) {
        Map<Long, Long> result = new HashMap<>();
        jobs.forEach(job -> result.put(job, load.instanceOfJob.get(job)));
        return result;
    }

    private static Map<Long, ElementInstance> element(List<ElementInstance> elements, String elementId) {
        return byKey(elements.stream().filter(e -> elementId.equals(e.getElementId())).toList(),
                ElementInstance::getProcessInstanceKey, elementId + " of instance");
    }

    private static void page(io.camunda.client.api.search.request.SearchRequestPage page, String after) {
        page.limit(PAGE);
        if (after != null) {
            page.after(after);
        }
    }

    /** Every page of a search, following the end cursor. */
    static <T> List<T> all(Function<String, SearchResponse<T>> search) {
        List<T> items = new ArrayList<>();
        String after = null;
        while (true) {
            SearchResponse<T> page = search.apply(after);
            items.addAll(page.items());
            after = page.page().endCursor();
            if (page.items().size() < PAGE || after == null) {
                return items;
            }
        }
    }

    /** Indexes by key and fails on duplicates (an element entered twice, a record written twice). */
    private static <T> Map<Long, T> byKey(List<T> items, Function<T, Long> key, String what) {
        Map<Long, T> result = new HashMap<>();
        for (T item : items) {
            assertThat(result.put(key.apply(item), item)).as("two for %s %d", what, key.apply(item)).isNull();
        }
        return result;
    }
}
