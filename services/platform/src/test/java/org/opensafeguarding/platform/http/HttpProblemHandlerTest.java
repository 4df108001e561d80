package org.opensafeguarding.platform.http;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.util.Map;

import static org.hamcrest.Matchers.not;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * The shared handler's answers, one per kind of refusal Spring MVC makes, including those the services' security
 * layer never lets through (a method the path does not take is 403 there, as every operation without a rule).
 */
class HttpProblemHandlerTest {

    private static final String SECRET = "Jemima Puddleduck";

    @RestController
    static class Endpoints {
        @GetMapping(path = "/things/{key}", produces = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> thing(@PathVariable long key, @RequestParam(required = false) Integer size) {
            return Map.of("key", key);
        }

        @PostMapping(path = "/things", consumes = MediaType.APPLICATION_JSON_VALUE)
        Map<String, Object> create(@RequestBody Map<String, Object> body, @RequestParam String mode) {
            return body;
        }

        @GetMapping("/failing")
        Object failing() {
            throw new IllegalStateException("failed for " + SECRET);
        }

        @GetMapping("/database")
        Object database() {
            throw new DataAccessResourceFailureException("lost the connection storing " + SECRET);
        }
    }

    private final MockMvc mvc = MockMvcBuilders.standaloneSetup(new Endpoints())
            .setControllerAdvice(new HttpProblemHandler()).build();

    @Test
    void aMethodThePathDoesNotTakeIs405NamingTheOnesItDoes() throws Exception {
        problem(mvc.perform(delete("/things/1")), 405, "method-not-allowed")
                .andExpect(header().string("Allow", containsString("GET")));
    }

    @Test
    void anAnswerNotAcceptedIs406AndAnotherBodyTypeIs415() throws Exception {
        problem(mvc.perform(get("/things/1").accept(MediaType.TEXT_HTML)), 406, "not-acceptable");
        problem(mvc.perform(post("/things").param("mode", "a").contentType(MediaType.TEXT_PLAIN).content(SECRET)),
                415, "unsupported-media-type").andExpect(header().string("Accept", "application/json"));
    }

    @Test
    void badParametersAndBodiesAre400NamingTheFieldNotTheValue() throws Exception {
        problem(mvc.perform(get("/things/" + "Jemima")), 400, "invalid-request")
                .andExpect(jsonPath("$.field").value("key")).andExpect(jsonPath("$.rule").value("type"));
        problem(mvc.perform(get("/things/1").param("size", "Jemima")), 400, "invalid-request")
                .andExpect(jsonPath("$.field").value("size"));
        problem(mvc.perform(post("/things").param("mode", "a").contentType(MediaType.APPLICATION_JSON)
                .content("{\"name\": " + SECRET)), 400, "invalid-request")
                .andExpect(jsonPath("$.rule").value("readable"));
        problem(mvc.perform(post("/things").contentType(MediaType.APPLICATION_JSON).content("{}")), 400,
                "invalid-request").andExpect(jsonPath("$.field").value("mode"))
                .andExpect(jsonPath("$.rule").value("required"));
    }

    @Test
    void failuresAre500WithoutInternalsAnd503WhenTheDatabaseIsAway() throws Exception {
        problem(mvc.perform(get("/failing")), 500, "internal-error");
        problem(mvc.perform(get("/database")), 503, "database-unavailable")
                .andExpect(header().string("Retry-After", "5"));
    }

    private static ResultActions problem(ResultActions result, int status, String code) throws Exception {
        // instance is the path the caller asked for (Spring fills it in); nothing else may repeat what was sent
        com.fasterxml.jackson.databind.node.ObjectNode body = (com.fasterxml.jackson.databind.node.ObjectNode)
                new com.fasterxml.jackson.databind.ObjectMapper().readTree(result.andReturn().getResponse()
                        .getContentAsString());
        body.remove("instance");
        org.assertj.core.api.Assertions.assertThat(body.toString()).doesNotContain("Jemima");
        return result.andExpect(status().is(status))
                .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
                .andExpect(jsonPath("$.status").value(status))
                .andExpect(jsonPath("$.code").value(code))
                .andExpect(jsonPath("$.type").value(RequestLimitsFilter.PROBLEM_BASE + code))
                .andExpect(content().string(not(containsString("Exception"))))
                .andExpect(content().string(not(containsString("java."))));
    }
}
