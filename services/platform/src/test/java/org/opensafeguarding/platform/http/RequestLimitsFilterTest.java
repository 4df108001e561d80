package org.opensafeguarding.platform.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.servlet.http.HttpServletRequest;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.util.unit.DataSize;

import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class RequestLimitsFilterTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final RequestLimitsFilter filter = new RequestLimitsFilter(new RequestLimitsProperties(DataSize.ofBytes(100), 4));

    @Test
    void aBodyWithinTheLimitsReachesTheEndpointUnchanged() throws Exception {
        byte[] body = "{\"a\":{\"b\":[{\"c\":1}]}}".getBytes(StandardCharsets.UTF_8);
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse response = run(post(body, "application/cloudevents+json"), chain);

        assertThat(response.getStatus()).isEqualTo(200);
        HttpServletRequest seen = (HttpServletRequest) chain.getRequest();
        assertThat(seen.getInputStream().readAllBytes()).isEqualTo(body);
    }

    @Test
    void aDeclaredLengthOverTheLimitIs413WithoutReadingTheBody() throws Exception {
        MockFilterChain chain = new MockFilterChain();
        MockHttpServletRequest declared = new MockHttpServletRequest("POST", "/x") {
            @Override
            public long getContentLengthLong() {
                return 101;
            }
        };
        declared.setContentType("application/json");

        MockHttpServletResponse response = run(declared, chain);

        assertProblem(response, 413, "body-too-large");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void aStreamedBodyOverTheLimitIs413() throws Exception {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x") {
            @Override
            public long getContentLengthLong() {
                return -1; // chunked
            }
        };
        request.addHeader("Transfer-Encoding", "chunked");
        request.setContentType("application/json");
        request.setContent(("[\"" + "x".repeat(200) + "\"]").getBytes(StandardCharsets.UTF_8));
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse response = run(request, chain);

        assertProblem(response, 413, "body-too-large");
        assertThat(response.getContentAsString()).contains("100 bytes").doesNotContain("xxx");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void jsonDeeperThanTheLimitIs400NamingTheRule() throws Exception {
        MockFilterChain chain = new MockFilterChain();

        MockHttpServletResponse response = run(post("[[[[[1]]]]]".getBytes(StandardCharsets.UTF_8),
                "application/json; charset=utf-8"), chain);

        assertProblem(response, 400, "json-too-deep");
        assertThat(JSON.readTree(response.getContentAsByteArray()).path("rule").asText()).isEqualTo("max-json-depth");
        assertThat(chain.getRequest()).isNull();
    }

    @Test
    void jsonAtTheLimitPassesAndMalformedJsonIsLeftToTheEndpoint() throws Exception {
        assertThat(filter.tooDeep("[[[[1]]]]".getBytes(StandardCharsets.UTF_8))).isFalse();
        assertThat(filter.tooDeep("[[[[[1]]]]]".getBytes(StandardCharsets.UTF_8))).isTrue();
        assertThat(filter.tooDeep("{\"a\": nope".getBytes(StandardCharsets.UTF_8))).isFalse();

        MockFilterChain chain = new MockFilterChain();
        run(post("{\"a\": nope".getBytes(StandardCharsets.UTF_8), "application/json"), chain);
        assertThat(chain.getRequest()).isNotNull();
    }

    @Test
    void aRequestWithoutABodyPassesUntouched() throws Exception {
        MockHttpServletRequest get = new MockHttpServletRequest("GET", "/x");
        MockFilterChain chain = new MockFilterChain();

        run(get, chain);

        assertThat(chain.getRequest()).isSameAs(get);
    }

    private MockHttpServletResponse run(MockHttpServletRequest request, MockFilterChain chain) throws Exception {
        MockHttpServletResponse response = new MockHttpServletResponse();
        filter.doFilter(request, response, chain);
        return response;
    }

    private static MockHttpServletRequest post(byte[] body, String type) {
        MockHttpServletRequest request = new MockHttpServletRequest("POST", "/x");
        request.setContentType(type);
        request.setContent(body);
        return request;
    }

    private static void assertProblem(MockHttpServletResponse response, int status, String code) throws Exception {
        assertThat(response.getStatus()).isEqualTo(status);
        assertThat(response.getContentType()).startsWith("application/problem+json");
        JsonNode problem = JSON.readTree(response.getContentAsByteArray());
        assertThat(problem.path("code").asText()).isEqualTo(code);
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("detail").asText()).isNotBlank();
    }
}
