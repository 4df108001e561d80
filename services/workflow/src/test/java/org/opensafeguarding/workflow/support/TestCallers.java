package org.opensafeguarding.workflow.support;

import org.opensafeguarding.testkit.TestIdentity;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.Map;
import java.util.Set;

/**
 * Real tokens from the test JVM's identity provider for the people and machines the workflow tests act as. A
 * caseworker of a candidate group gets the role that group's team has (docs/security.md) and the test tenant.
 */
public final class TestCallers {

    /** The partnership every test referral is for unless it says otherwise. */
    public static final String TENANT = "default";
    /** A second partnership, for tests that one partnership's people never see another's cases. */
    public static final String OTHER_TENANT = "other-partnership";
    /** The workflow service's own client to the engine. */
    public static final String WORKFLOW_CLIENT = "workflow-service";

    private static final Map<String, String> ROLE_OF_GROUP = Map.of(
            "lado", "LADO_OFFICER",
            "lado-manager", "LADO_MANAGER",
            "cdop-coordinator", "CDOP_COORDINATOR",
            "cdop-chair", "CDOP_PANEL_MEMBER",
            "review-business-unit", "REVIEW_OFFICER",
            "review-subgroup", "REVIEW_PANEL_MEMBER",
            "review-chair", "REVIEW_PANEL_MEMBER",
            "safeguarding-partners", "REVIEW_PANEL_MEMBER");

    private TestCallers() {
    }

    /** {@code Bearer <token>} for user {@code test-<group>}, a member of that one group in the test tenant. */
    public static String caseworker(String group) {
        return caseworker("test-" + group, Set.of(group), TENANT);
    }

    /** A person in the given groups (each giving its team's role) acting for one tenant. */
    public static String caseworker(String user, Set<String> groups, String tenant) {
        Set<String> roles = new java.util.TreeSet<>();
        for (String group : groups) {
            String role = ROLE_OF_GROUP.get(group);
            if (role == null) {
                throw new IllegalArgumentException("no test role for group " + group);
            }
            roles.add(role);
        }
        return person(user, roles, groups, Set.of(tenant));
    }

    /**
     * For tests written as "user X in groups a,b": a person of the test tenant with those candidate groups and their
     * teams' roles; with no group at all, a LADO officer who is in no candidate group.
     */
    public static String bearer(String user, String groupsCsv) {
        Set<String> groups = groupsCsv == null ? Set.of() : java.util.Arrays.stream(groupsCsv.split(","))
                .map(String::trim).filter(g -> !g.isEmpty()).collect(java.util.stream.Collectors.toSet());
        if (groups.isEmpty()) {
            return person(user, Set.of("LADO_OFFICER"), Set.of(), Set.of(TENANT));
        }
        return caseworker(user, groups, TENANT);
    }

    public static String person(String user, Set<String> roles, Set<String> groups, Set<String> tenants) {
        return "Bearer " + TestIdentity.shared().userToken(user, roles, groups, tenants);
    }

    /** The test integration (test config: client {@code test-mash}, source {@code urn:test:mash}, the test tenant). */
    public static String integration() {
        return machine("test-mash", Set.of("INTEGRATION"), Set.of(TENANT));
    }

    public static String machine(String clientId, Set<String> roles, Set<String> tenants) {
        return "Bearer " + TestIdentity.shared().clientToken(clientId, roles, tenants);
    }

    /**
     * The workflow service under test trusts the test identity provider, and its Camunda client fetches its engine
     * token there with a client of role WORKFLOW_SERVICE (token cache in a temporary file, not the user's home).
     */
    public static void register(DynamicPropertyRegistry registry) {
        TestIdentity identity = TestIdentity.shared();
        TestIdentity.register(registry);
        String secret = identity.registerClient(WORKFLOW_CLIENT, Set.of("WORKFLOW_SERVICE"), Set.of(TENANT, OTHER_TENANT));
        registry.add("camunda.client.auth.client-id", () -> WORKFLOW_CLIENT);
        registry.add("camunda.client.auth.client-secret", () -> secret);
        registry.add("camunda.client.auth.token-url", () -> identity.tokenEndpoint().toString());
        registry.add("camunda.client.auth.audience", () -> "engine");
        registry.add("camunda.client.auth.credentials-cache-path", TestCallers::credentialsCache);
    }

    private static String credentialsCache() {
        try {
            return Files.createTempFile("camunda-credentials", ".json").toString();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
