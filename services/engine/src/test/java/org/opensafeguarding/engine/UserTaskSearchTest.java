package org.opensafeguarding.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.camunda.client.api.search.enums.UserTaskState;
import io.camunda.client.api.search.filter.UserTaskFilter;
import io.camunda.client.api.search.response.SearchResponse;
import io.camunda.client.api.search.response.UserTask;
import io.camunda.zeebe.model.bpmn.Bpmn;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * A tasklist's search (one group's tasks in one state) is read from the engine's index of open tasks by state and
 * candidate group, which counts them and builds one page. Every page it returns, in both directions and with
 * both cursors, over open tasks and ended ones in history, must be what the general search (a result for every
 * open task, filtered one by one) returns for the same question.
 */
class UserTaskSearchTest extends EngineTestSupport {

    @Test
    void theIndexedSearchPagesExactlyAsTheFullSearchDoesOverOpenAndEndedTasks() {
        String one = uniqueId("search-one");
        String both = uniqueId("search-both");
        String groupA = uniqueId("group-a");
        String groupB = uniqueId("group-b");
        deploy(Bpmn.createExecutableProcess(one).startEvent()
                .userTask("review", t -> t.zeebeUserTask().zeebeCandidateGroups(groupA)).endEvent().done(), one);
        deploy(Bpmn.createExecutableProcess(both).startEvent()
                .userTask("review", t -> t.zeebeUserTask().zeebeCandidateGroups(groupA + ", " + groupB))
                .endEvent().done(), both);
        List<Long> instances = new ArrayList<>();
        for (int i = 0; i < 21; i++) {
            instances.add(start(i % 3 == 0 ? both : one, Map.of()).getProcessInstanceKey());
        }
        await().atMost(Duration.ofSeconds(20)).until(() -> search(f -> f.candidateGroup(groupA)
                .state(UserTaskState.CREATED), p -> p.limit(100)).items().size() == 21);

        // five completed (their instances end, so the tasks move to history), two of them in both groups (the
        // instances started third by third: tasks are in key order, so the first and the fourth)
        List<UserTask> open = search(f -> f.candidateGroup(groupA), p -> p.limit(100)).items();
        assertThat(open.get(3).getCandidateGroups()).contains(groupB);
        List<Long> completed = List.of(open.get(0).getUserTaskKey(), open.get(1).getUserTaskKey(),
                open.get(3).getUserTaskKey(), open.get(8).getUserTaskKey(), open.get(20).getUserTaskKey());
        completed.forEach(key -> client.newCompleteUserTaskCommand(key).send().join());
        await().atMost(Duration.ofSeconds(20)).until(() -> search(f -> f.candidateGroup(groupA)
                .state(UserTaskState.COMPLETED), p -> p.limit(100)).items().size() == 5);

        assertThat(search(f -> f.candidateGroup(groupA).state(UserTaskState.CREATED), p -> p.limit(3))
                .page().totalItems()).isEqualTo(16);
        assertThat(search(f -> f.candidateGroup(groupB).state(UserTaskState.CREATED), p -> p.limit(3))
                .page().totalItems()).isEqualTo(5);
        assertThat(search(f -> f.candidateGroup(groupB), p -> p.limit(3)).page().totalItems()).isEqualTo(7);

        for (String group : List.of(groupA, groupB)) {
            for (UserTaskState state : new UserTaskState[] {UserTaskState.CREATED, UserTaskState.COMPLETED, null}) {
                Consumer<UserTaskFilter> filter = f -> {
                    f.candidateGroup(group);
                    if (state != null) {
                        f.state(state);
                    }
                };
                // the same question with a condition the index does not answer (every task here has this tenant)
                Consumer<UserTaskFilter> general = filter.andThen(f -> f.tenantId("<default>"));
                for (boolean descending : new boolean[] {false, true}) {
                    pageThroughAndCompare(group + "/" + state + (descending ? " desc" : ""), filter, general,
                            descending);
                }
            }
        }
    }

    private static void pageThroughAndCompare(String what, Consumer<UserTaskFilter> indexed,
                                              Consumer<UserTaskFilter> general, boolean descending) {
        String cursor = null;
        List<SearchResponse<UserTask>> pages = new ArrayList<>();
        do {
            String after = cursor;
            SearchResponse<UserTask> page = searchSorted(indexed, descending, after, null);
            SearchResponse<UserTask> expected = searchSorted(general, descending, after, null);
            assertSamePage(what + " after " + after, page, expected);
            pages.add(page);
            cursor = page.items().isEmpty() ? null : page.page().endCursor();
        } while (cursor != null && pages.size() < 20);
        assertThat(pages.size()).as(what + ": pages").isGreaterThan(1);
        // and back again with the before cursor, from the last full page
        for (int i = pages.size() - 1; i > 0; i--) {
            String before = pages.get(i).page().startCursor();
            if (before == null) {
                continue;
            }
            SearchResponse<UserTask> page = searchSorted(indexed, descending, null, before);
            assertSamePage(what + " before " + before, page, searchSorted(general, descending, null, before));
            assertThat(keys(page)).as(what + ": the page before page " + i).isEqualTo(keys(pages.get(i - 1)));
        }
    }

    private static SearchResponse<UserTask> searchSorted(Consumer<UserTaskFilter> filter, boolean descending,
                                                         String after, String before) {
        var request = client.newUserTaskSearchRequest().filter(filter::accept).page(p -> {
            p.limit(3);
            if (after != null) {
                p.after(after);
            }
            if (before != null) {
                p.before(before);
            }
        });
        if (descending) {
            request = request.sort(s -> s.creationDate().desc());
        }
        return request.send().join();
    }

    private static void assertSamePage(String what, SearchResponse<UserTask> actual, SearchResponse<UserTask> expected) {
        assertThat(keys(actual)).as(what + ": items").isEqualTo(keys(expected));
        assertThat(actual.items()).extracting(UserTask::getState).as(what + ": states")
                .isEqualTo(expected.items().stream().map(UserTask::getState).toList());
        assertThat(actual.page().totalItems()).as(what + ": totalItems").isEqualTo(expected.page().totalItems());
        assertThat(actual.page().startCursor()).as(what + ": startCursor").isEqualTo(expected.page().startCursor());
        assertThat(actual.page().endCursor()).as(what + ": endCursor").isEqualTo(expected.page().endCursor());
    }

    private static List<Long> keys(SearchResponse<UserTask> page) {
        return page.items().stream().map(UserTask::getUserTaskKey).toList();
    }

    private static SearchResponse<UserTask> search(Consumer<UserTaskFilter> filter,
                                                   Consumer<io.camunda.client.api.search.request.SearchRequestPage> page) {
        return client.newUserTaskSearchRequest().filter(filter::accept).page(page::accept).send().join();
    }
}
