package org.opensafeguarding.workflow.intake;

import org.junit.jupiter.api.Test;
import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.identity.access.Role;
import org.opensafeguarding.workflow.tenancy.TenancyProperties;
import org.opensafeguarding.workflow.tenancy.TenantSettings;
import org.springframework.beans.factory.support.StaticListableBeanFactory;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@link IntegrationRegistry}'s decisions, without a database: who may send what for which tenant. */
class IntakeAuthorisationTest {

    private static final ReferralKind LADO = ReferralKind.LADO_ALLEGATION;

    private final IntegrationRegistry registry = registry(Map.of(
            "leeds-mash", integration(List.of("leeds"), List.of("urn:partner:leeds-mash")),
            "schools", integration(List.of("leeds", "york"), List.of("urn:partner:schools:*")),
            "york-police", integration(List.of("york"), List.of("urn:partner:police"))));

    @Test
    void aRegisteredClientMaySendForItsTenantAndSource() {
        assertThat(registry.authorise(machine("leeds-mash", "leeds"), "leeds", "urn:partner:leeds-mash", LADO))
                .isEqualTo("leeds");
    }

    @Test
    void withoutTenantidAClientOfOneTenantSendsForIt() {
        assertThat(registry.authorise(machine("leeds-mash", "leeds"), null, "urn:partner:leeds-mash", LADO))
                .isEqualTo("leeds");
    }

    @Test
    void withoutTenantidAClientOfSeveralTenantsIsRefusedNotDefaulted() {
        assertRefused(() -> registry.authorise(machine("schools", "leeds", "york"), null, "urn:partner:schools:42", LADO),
                RejectionReason.UNKNOWN_TENANT, "/tenantid", "required");
    }

    @Test
    void theTenantMustBeInTheRegistrationAndInTheToken() {
        // registered for york, but the token does not say york
        assertRefused(() -> registry.authorise(machine("schools", "leeds"), "york", "urn:partner:schools:42", LADO),
                RejectionReason.NOT_AUTHORISED, "/tenantid", "tenant-allowed");
        // the token says york, but it is not registered for york
        assertRefused(() -> registry.authorise(machine("leeds-mash", "leeds", "york"), "york", "urn:partner:leeds-mash", LADO),
                RejectionReason.NOT_AUTHORISED, "/tenantid", "tenant-allowed");
    }

    @Test
    void aClientMaySendOnlyAsItsOwnSources() {
        assertRefused(() -> registry.authorise(machine("leeds-mash", "leeds"), "leeds", "urn:partner:police", LADO),
                RejectionReason.NOT_AUTHORISED, "/source", "source-registered");
        // a prefix source matches what starts with it, not a look-alike
        assertThat(registry.authorise(machine("schools", "leeds"), "leeds", "urn:partner:schools:7", LADO)).isEqualTo("leeds");
        assertRefused(() -> registry.authorise(machine("schools", "leeds"), "leeds", "urn:partner:schoolsx", LADO),
                RejectionReason.NOT_AUTHORISED, "/source", "source-registered");
    }

    @Test
    void anUnregisteredClientOrNoIdentityIsRefused() {
        assertRefused(() -> registry.checkCaller(machine("stranger", "leeds")), RejectionReason.NOT_AUTHORISED, "",
                "client-registered");
        assertRefused(() -> registry.checkCaller(null), RejectionReason.NOT_AUTHORISED, "", "authenticated-caller");
    }

    @Test
    void anUnknownTenantIsRefusedOnTenantid() {
        assertRefused(() -> registry.authorise(machine("leeds-mash", "leeds"), "atlantis", "urn:partner:leeds-mash", LADO),
                RejectionReason.UNKNOWN_TENANT, "/tenantid", "known-tenant");
        assertRefused(() -> registry.authoriseKafka("urn:partner:leeds-mash", "atlantis"),
                RejectionReason.UNKNOWN_TENANT, "/tenantid", "known-tenant");
    }

    @Test
    void aPersonMayEnterReferralsForTheirTenantsAndCaseTypes() {
        Identity lado = person(Set.of(Role.LADO_OFFICER), "leeds");

        assertThat(registry.authorise(lado, null, "urn:anything", LADO)).isEqualTo("leeds");
        assertRefused(() -> registry.authorise(lado, null, "urn:anything", ReferralKind.CHILD_DEATH_NOTIFICATION),
                RejectionReason.NOT_AUTHORISED, "/type", "kind-allowed");
        assertRefused(() -> registry.authorise(lado, "york", "urn:anything", LADO),
                RejectionReason.NOT_AUTHORISED, "/tenantid", "tenant-allowed");
        assertRefused(() -> registry.authorise(person(Set.of(Role.REVIEW_OFFICER), "leeds", "york"), null, "urn:x",
                ReferralKind.SERIOUS_INCIDENT_NOTIFICATION), RejectionReason.UNKNOWN_TENANT, "/tenantid", "required");
    }

    @Test
    void onKafkaTheSourceDecidesTheTenantsAllowed() {
        assertThat(registry.authoriseKafka("urn:partner:leeds-mash", null)).isEqualTo("leeds");
        assertThat(registry.authoriseKafka("urn:partner:schools:9", "york")).isEqualTo("york");
        assertRefused(() -> registry.authoriseKafka("urn:partner:schools:9", null),
                RejectionReason.UNKNOWN_TENANT, "/tenantid", "required");
        assertRefused(() -> registry.authoriseKafka("urn:partner:leeds-mash", "york"),
                RejectionReason.NOT_AUTHORISED, "/tenantid", "tenant-allowed");
        assertRefused(() -> registry.authoriseKafka("urn:someone:else", "leeds"),
                RejectionReason.NOT_AUTHORISED, "/source", "source-registered");
    }

    @Test
    void aSourceOfSeveralIntegrationsAllowsTheTenantOfAnyOfThem() {
        IntegrationRegistry shared = registry(Map.of(
                "a", integration(List.of("leeds"), List.of("urn:shared")),
                "b", integration(List.of("york"), List.of("urn:shared"))));

        assertThat(shared.authoriseKafka("urn:shared", "york")).isEqualTo("york");
        assertThat(shared.authoriseKafka("urn:shared", "leeds")).isEqualTo("leeds");
        assertRefused(() -> shared.authoriseKafka("urn:shared", null), RejectionReason.UNKNOWN_TENANT, "/tenantid", "required");
    }

    @Test
    void badRegistrationsStopTheServiceNamingEachProblem() {
        assertThatThrownBy(() -> registry(Map.of(
                "typo", integration(List.of("leds"), List.of("urn:x")),
                "everything", integration(List.of("leeds"), List.of("*")),
                "empty", integration(List.of(), List.of()))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("typo: tenant 'leds' is not a known tenant")
                .hasMessageContaining("everything: source '*' is too broad")
                .hasMessageContaining("empty: tenants is empty")
                .hasMessageContaining("empty: sources is empty");
    }

    @Test
    void aTenantNoCaseCouldBeOpenedForStopsStartUp() {
        String tooLong = "partnership-" + "x".repeat(60);
        Map<String, TenantSettings> tenants = Map.of(tooLong, new TenantSettings(null, null, null, null, null, null, null));

        assertThatThrownBy(() -> new IntegrationRegistry(new IntegrationProperties(Map.of()),
                new TenancyProperties(null, tenants), IntakeProperties.defaults(),
                new StaticListableBeanFactory().getBeanProvider(AccessMatrix.class)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("tenant '" + tooLong + "'")
                .hasMessageContaining("is not a tenant code");
    }

    @Test
    void theKnownTenantsAreTheTenancyTenantsAndTheDefault() {
        assertThat(registry.knownTenants()).containsExactlyInAnyOrder("default", "leeds", "york");
    }

    private static void assertRefused(org.assertj.core.api.ThrowableAssert.ThrowingCallable call, RejectionReason reason,
                                      String field, String rule) {
        assertThatThrownBy(call).isInstanceOfSatisfying(ReferralRejectedException.class, e -> {
            assertThat(e.reason()).isEqualTo(reason);
            assertThat(e.field()).isEqualTo(field);
            assertThat(e.rule()).isEqualTo(rule);
            // the caller's own client id at most, never a submitted value
            assertThat(e.getMessage()).doesNotContain("atlantis", "urn:partner", "urn:someone", "york");
        });
    }

    private static IntegrationRegistry registry(Map<String, IntegrationProperties.Integration> integrations) {
        Map<String, TenantSettings> tenants = new LinkedHashMap<>();
        TenantSettings none = new TenantSettings(null, null, null, null, null, null, null);
        tenants.put("leeds", none);
        tenants.put("york", none);
        StaticListableBeanFactory beans = new StaticListableBeanFactory();
        return new IntegrationRegistry(new IntegrationProperties(integrations), new TenancyProperties(null, tenants),
                IntakeProperties.defaults(), beans.getBeanProvider(AccessMatrix.class));
    }

    private static IntegrationProperties.Integration integration(List<String> tenants, List<String> sources) {
        return new IntegrationProperties.Integration(tenants, sources);
    }

    private static Identity machine(String clientId, String... tenants) {
        return new Identity(Identity.Kind.MACHINE, clientId, clientId, Set.of(Role.INTEGRATION), Set.of(), Set.of(tenants));
    }

    private static Identity person(Set<Role> roles, String... tenants) {
        return new Identity(Identity.Kind.PERSON, "officer-1", "web", roles, Set.of(), Set.of(tenants));
    }
}
