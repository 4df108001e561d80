package org.opensafeguarding.engine.rest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

/** When a search may be read from an index of open records, and which keys of it a page needs. */
class SearchQueryIndexTest {

    private static final Set<String> INDEXED = Set.of("state", "candidateGroup");
    private final ObjectMapper json = new ObjectMapper();

    private SearchQuery query(String request) throws Exception {
        return new SearchQuery(json, json.readTree(request));
    }

    @Test
    void equalityOnIndexedFieldsInKeyOrderIsAnsweredByTheIndex() throws Exception {
        for (String request : List.of("{}", "{\"filter\":{}}",
                "{\"filter\":{\"candidateGroup\":\"lado\",\"state\":\"CREATED\"}}",
                // what the Camunda client sends: $eq objects, every other operator null or empty
                "{\"filter\":{\"candidateGroup\":{\"$eq\":\"lado\",\"$in\":[],\"$like\":null},"
                        + "\"state\":{\"$eq\":\"CREATED\"},\"assignee\":null},\"page\":{\"limit\":50}}",
                "{\"filter\":{\"state\":\"CREATED\"},\"sort\":[{\"field\":\"creationDate\",\"order\":\"DESC\"}]}")) {
            assertThat(query(request).answeredBy(SearchKind.USER_TASK, INDEXED)).as(request).isTrue();
        }
        SearchQuery pinned = query("{\"filter\":{\"candidateGroup\":{\"$eq\":\"lado\"},\"state\":\"CREATED\"}}");
        assertThat(pinned.pinned("candidateGroup")).isEqualTo("lado");
        assertThat(pinned.pinned("state")).isEqualTo("CREATED");
        assertThat(pinned.pinned("assignee")).isNull();
    }

    @Test
    void anythingElseIsLeftToTheFullSearch() throws Exception {
        for (String request : List.of(
                "{\"filter\":{\"candidateGroup\":\"lado\",\"tenantId\":\"<default>\"}}",
                "{\"filter\":{\"candidateGroup\":{\"$like\":\"la*\"}}}",
                "{\"filter\":{\"candidateGroup\":{\"$eq\":\"lado\",\"$neq\":\"scr\"}}}",
                "{\"filter\":{\"state\":{\"$in\":[\"CREATED\",\"ASSIGNING\"]}}}",
                "{\"filter\":{\"processInstanceKey\":\"2251799813685249\"}}",
                "{\"filter\":{\"$or\":[{\"state\":\"CREATED\"}]}}",
                "{\"filter\":{\"state\":\"CREATED\",\"processInstanceVariables\":[{\"name\":\"a\",\"value\":\"1\"}]}}",
                "{\"filter\":{\"state\":\"CREATED\"},\"sort\":[{\"field\":\"priority\"}]}")) {
            assertThat(query(request).answeredBy(SearchKind.USER_TASK, INDEXED)).as(request).isFalse();
        }
    }

    @Test
    void theKeyWindowStartsAtTheCursorAndWalksThePagesDirection() throws Exception {
        TreeSet<Long> keys = new TreeSet<>();
        LongStream.rangeClosed(1, 20).forEach(keys::add);
        assertThat(query("{\"page\":{\"limit\":3}}").keyWindow(keys)).containsExactly(1L, 2L, 3L);
        assertThat(query("{\"page\":{\"limit\":3,\"from\":2}}").keyWindow(keys)).containsExactly(1L, 2L, 3L, 4L, 5L);
        String after7 = cursor(7);
        assertThat(query("{\"page\":{\"limit\":3,\"after\":\"" + after7 + "\"}}").keyWindow(keys))
                .containsExactly(8L, 9L, 10L);
        assertThat(query("{\"page\":{\"limit\":3,\"before\":\"" + after7 + "\"}}").keyWindow(keys))
                .containsExactly(6L, 5L, 4L);
        assertThat(query("{\"sort\":[{\"field\":\"userTaskKey\",\"order\":\"DESC\"}],\"page\":{\"limit\":2}}")
                .keyWindow(keys)).containsExactly(20L, 19L);
        assertThat(query("{\"sort\":[{\"field\":\"userTaskKey\",\"order\":\"DESC\"}],\"page\":{\"limit\":2,"
                + "\"after\":\"" + after7 + "\"}}").keyWindow(keys)).containsExactly(6L, 5L);
        assertThat(query("{\"sort\":[{\"field\":\"userTaskKey\",\"order\":\"DESC\"}],\"page\":{\"limit\":2,"
                + "\"before\":\"" + after7 + "\"}}").keyWindow(keys)).containsExactly(8L, 9L);
        assertThat(query("{\"page\":{\"limit\":3,\"after\":\"" + cursor(20) + "\"}}").keyWindow(keys)).isEmpty();
    }

    /** The key cursor as the engine encodes it. */
    private static String cursor(long key) {
        return java.util.Base64.getUrlEncoder().withoutPadding()
                .encodeToString(("k:" + key).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
