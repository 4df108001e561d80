package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.support.TestCallers;
import org.springframework.test.context.DynamicPropertyRegistry;

import java.util.Set;

/**
 * The integrations and tenants the intake tests send as: {@code test-mash} is the sender of every
 * {@link org.opensafeguarding.workflow.support.TestReferrals} referral (source {@code urn:test:mash}, no tenantid,
 * so the tenant is its one tenant, {@code default}); {@code test-multi} sends for two tenants from the prefix source
 * {@code urn:test:multi:*}.
 */
final class IntakeTestSetup {

    static final String CLIENT = "test-mash";
    static final String SOURCE = "urn:test:mash";
    static final String MULTI_CLIENT = "test-multi";
    static final String MULTI_SOURCE = "urn:test:multi:branch-1";
    static final String TENANT = TestCallers.TENANT;
    static final String OTHER_TENANT = TestCallers.OTHER_TENANT;

    private IntakeTestSetup() {
    }

    static void register(DynamicPropertyRegistry registry) {
        registry.add("safeguarding.tenancy.tenants." + OTHER_TENANT + ".default-task-turnaround", () -> "P5D");
        registry.add("safeguarding.security.integrations." + CLIENT + ".tenants[0]", () -> TENANT);
        registry.add("safeguarding.security.integrations." + CLIENT + ".sources[0]", () -> SOURCE);
        registry.add("safeguarding.security.integrations." + MULTI_CLIENT + ".tenants[0]", () -> TENANT);
        registry.add("safeguarding.security.integrations." + MULTI_CLIENT + ".tenants[1]", () -> OTHER_TENANT);
        registry.add("safeguarding.security.integrations." + MULTI_CLIENT + ".sources[0]", () -> "urn:test:multi:*");
    }

    /** {@code Bearer} token of the registered test integration, acting for the test tenant. */
    static String integration() {
        return TestCallers.machine(CLIENT, Set.of("INTEGRATION"), Set.of(TENANT));
    }
}
