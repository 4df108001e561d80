package org.opensafeguarding.engine.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.engine.RunningEngine;
import org.opensafeguarding.engine.security.Principals.Kind;
import org.opensafeguarding.engine.security.Principals.Principal;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointProperties;
import org.springframework.boot.actuate.endpoint.web.ExposableWebEndpoint;
import org.springframework.boot.actuate.endpoint.web.WebEndpointsSupplier;
import org.springframework.boot.actuate.endpoint.web.WebOperation;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every HTTP endpoint the running engine has, on both of its ports, for every caller: the REST API's mappings are
 * read from the context's {@link RequestMappingHandlerMapping}s and the actuator's from its endpoint discoverer (so
 * an endpoint added later is covered without editing this test), and each answer is compared with what the
 * engine's section of the access matrix says: 401 without a valid token, 403 when no role of the token is allowed,
 * and anything but 401/403 when one is (an empty body then gets 400, 404 or 415: the call got through).
 */
class RestAccessMatrixTest {

    private static final Pattern TEMPLATE_VARIABLE = Pattern.compile("\\{\\*?[^}]+}");

    private static RunningEngine engine;
    private static AccessMatrix.ServiceRules rules;

    record Endpoint(String method, String template, boolean management) {
        /** A concrete path: every template variable filled (health groups with "liveness"). */
        String path() {
            return TEMPLATE_VARIABLE.matcher(template).replaceAll(m -> m.group().startsWith("{*") ? "liveness" : "1");
        }

        @Override
        public String toString() {
            return method + " " + template + (management ? " (management port)" : "");
        }
    }

    enum Outcome { UNAUTHENTICATED, FORBIDDEN, THROUGH }

    @BeforeAll
    static void startEngine() {
        engine = SecuredEngine.start(true);
        rules = AccessMatrix.load().service("engine");
    }

    @AfterAll
    static void stopEngine() {
        if (engine != null) {
            engine.close();
        }
    }

    @Test
    void everyEndpointAnswersEveryCallerAsTheMatrixSays() {
        List<Endpoint> endpoints = endpoints();
        List<Principal> principals = Principals.all();
        // the real endpoints are all there: a broken enumeration must not pass as "no leaks"
        assertThat(endpoints).extracting(Endpoint::toString).contains(
                "POST /v2/deployments", "POST /v2/jobs/activation", "GET /v2/topology",
                "GET /actuator/health (management port)", "POST /actuator/cluster/{operation} (management port)",
                "POST /actuator/clock/{operation} (management port)");

        int cases = 0;
        List<String> leaks = new ArrayList<>();
        Map<String, Integer> statuses = new TreeMap<>();
        for (Endpoint endpoint : endpoints) {
            URI base = endpoint.management() ? engine.managementAddress() : engine.restAddress();
            for (Principal principal : principals) {
                HttpResponse<String> response = SecuredEngine.send(base, endpoint.method(), endpoint.path(),
                        principal.token());
                Outcome expected = expected(endpoint, principal);
                Outcome actual = switch (response.statusCode()) {
                    case 401 -> Outcome.UNAUTHENTICATED;
                    case 403 -> Outcome.FORBIDDEN;
                    default -> Outcome.THROUGH;
                };
                cases++;
                statuses.merge(expected + "=" + response.statusCode(), 1, Integer::sum);
                if (actual != expected) {
                    leaks.add(endpoint + " as " + principal + ": expected " + expected + ", got "
                            + response.statusCode() + " " + abbreviate(response.body()));
                }
            }
        }
        List<String> closed = endpoints.stream().filter(e -> !rules.isPublic(e.method(), e.path())
                && rules.ruleFor(e.method(), e.path()).isEmpty()).map(Endpoint::toString).toList();
        System.out.printf("engine REST matrix: %d endpoints x %d callers = %d cases, %d leaks%n", endpoints.size(),
                principals.size(), cases, leaks.size());
        System.out.println("engine REST matrix: answers by expectation " + statuses);
        System.out.println("engine REST matrix: endpoints without a rule (closed to everyone): " + closed);
        leaks.stream().limit(40).forEach(leak -> System.out.println("LEAK " + leak));
        assertThat(leaks).as("answers that differ from the access matrix").isEmpty();
    }

    @Test
    void theManagementPortIsBehindTheSameFilter() {
        String operator = TestIdentity.shared().clientToken("mgmt-operator", Set.of(Role.ENGINE_OPERATOR.name()),
                Set.of());
        String integration = TestIdentity.shared().clientToken("mgmt-integration", Set.of(Role.INTEGRATION.name()),
                Set.of());
        URI management = engine.managementAddress();
        assertThat(management.getPort()).isNotEqualTo(engine.restAddress().getPort());

        assertThat(SecuredEngine.send(management, "GET", "/actuator/health", null).statusCode()).isEqualTo(200);
        assertThat(SecuredEngine.send(management, "GET", "/actuator/health/liveness", null).statusCode())
                .isEqualTo(200);
        assertThat(SecuredEngine.send(management, "GET", "/actuator/info", null).statusCode()).isEqualTo(200);
        HttpResponse<String> anonymous = SecuredEngine.send(management, "GET", "/actuator/clock", null);
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v ->
                assertThat(v).startsWith("Bearer"));
        assertThat(anonymous.body()).contains("\"status\":401");
        assertThat(SecuredEngine.send(management, "POST", "/actuator/cluster/purge", null).statusCode())
                .isEqualTo(401);
        assertThat(SecuredEngine.send(management, "GET", "/actuator/clock", integration).statusCode())
                .isEqualTo(403);
        assertThat(SecuredEngine.send(management, "GET", "/actuator/clock", operator).statusCode()).isEqualTo(200);
        // the REST port has no actuator: a token does not open a way to it there
        assertThat(SecuredEngine.send(engine.restAddress(), "GET", "/actuator/clock", operator).statusCode())
                .isIn(403, 404);
    }

    /** What the matrix says this caller gets at this endpoint. */
    private static Outcome expected(Endpoint endpoint, Principal principal) {
        boolean open = rules.isPublic(endpoint.method(), endpoint.path());
        return switch (principal.kind()) {
            case NO_TOKEN -> open ? Outcome.THROUGH : Outcome.UNAUTHENTICATED;
            // a token that is presented is checked even on a public endpoint, and refused
            case REFUSED_TOKEN -> Outcome.UNAUTHENTICATED;
            case VALID_TOKEN -> open || rules.allows(principal.roles(), endpoint.method(), endpoint.path())
                    ? Outcome.THROUGH : Outcome.FORBIDDEN;
        };
    }

    /** The engine's real endpoints: the REST API's request mappings and the exposed actuator operations. */
    private static List<Endpoint> endpoints() {
        Set<Endpoint> endpoints = new LinkedHashSet<>();
        Collection<RequestMappingHandlerMapping> mappings =
                engine.context().getBeansOfType(RequestMappingHandlerMapping.class).values();
        for (RequestMappingHandlerMapping mapping : mappings) {
            for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
                Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
                // a mapping for every method (the error page) is tried with the usual two
                Collection<RequestMethod> tried = methods.isEmpty() ? List.of(RequestMethod.GET, RequestMethod.POST)
                        : methods;
                for (String pattern : info.getPatternValues()) {
                    tried.forEach(method -> endpoints.add(new Endpoint(method.name(), pattern, false)));
                }
            }
        }
        String base = engine.context().getBean(WebEndpointProperties.class).getBasePath();
        WebEndpointsSupplier actuator = engine.context().getBean(WebEndpointsSupplier.class);
        for (ExposableWebEndpoint exposed : actuator.getEndpoints()) {
            for (WebOperation operation : exposed.getOperations()) {
                endpoints.add(new Endpoint(operation.getRequestPredicate().getHttpMethod().name(),
                        base + "/" + operation.getRequestPredicate().getPath(), true));
            }
        }
        endpoints.add(new Endpoint("GET", base, true)); // the actuator's index of links
        endpoints.add(new Endpoint("GET", "/error", true)); // the management server's own error page
        return List.copyOf(endpoints);
    }

    private static String abbreviate(String body) {
        return body == null ? "" : body.length() > 160 ? body.substring(0, 160) + "..." : body;
    }
}
