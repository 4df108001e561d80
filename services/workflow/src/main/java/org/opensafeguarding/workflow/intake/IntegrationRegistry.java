package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.identity.access.AccessMatrix;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.opensafeguarding.workflow.workers.JobInput;
import org.opensafeguarding.workflow.tenancy.TenancyProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Who may send referrals for which partnership (docs/events.md, "Who may send a referral"), and which partnership a
 * referral is for. Every refusal is a {@link ReferralRejectedException}: {@link RejectionReason#NOT_AUTHORISED}
 * (REST 403, Kafka dead-letter) naming what was not allowed by its field and rule, or
 * {@link RejectionReason#UNKNOWN_TENANT} (REST 400, Kafka dead-letter) on {@code /tenantid}. Messages name the
 * caller's own client id at most, never a value from the referral.
 *
 * <ul>
 *   <li>REST, a machine: its client id must be registered ({@code safeguarding.security.integrations.<client-id>}),
 *       the referral's {@code source} one of its sources, and the tenant one of its registered tenants <em>and</em>
 *       of its token's tenants.</li>
 *   <li>REST, a person (manual entry): the tenant one of their token's tenants, and the referral kind one of their
 *       roles' case types (access matrix). The source is not checked: it is whatever the entry form says.</li>
 *   <li>Kafka (no token): the {@code source} must be registered for at least one integration, and the tenant one that
 *       at least one of those integrations may use. Who may write to the topic at all is the broker's ACLs.</li>
 * </ul>
 *
 * A tenant is known when it is a key of {@code safeguarding.tenancy.tenants} or {@code safeguarding.intake.default-tenant}.
 * A referral without {@code tenantid} is for the sender's one tenant (the integration's registered tenants, or the
 * person's token tenants); when there is not exactly one, it is refused rather than given a default.
 */
@Component
@EnableConfigurationProperties({IntegrationProperties.class, IntakeProperties.class})
public class IntegrationRegistry {

    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(IntegrationRegistry.class);

    /** Rule names, as they appear in problems, dead-letter headers and audit rows. */
    static final String CALLER = "authenticated-caller";
    static final String CLIENT_REGISTERED = "client-registered";
    static final String SOURCE_REGISTERED = "source-registered";
    static final String TENANT_ALLOWED = "tenant-allowed";
    static final String KIND_ALLOWED = "kind-allowed";
    static final String KNOWN_TENANT = "known-tenant";
    static final String TENANT_REQUIRED = "required";

    private static final String TENANT_FIELD = "/" + CloudEvents.TENANTID;
    private static final String SOURCE_FIELD = "/" + CloudEvents.SOURCE;
    private static final String TYPE_FIELD = "/" + CloudEvents.TYPE;
    private static final Pattern TENANT_CODE = Pattern.compile("^[a-z0-9][a-z0-9-]{0,99}$");

    private final Map<String, Registered> integrations = new LinkedHashMap<>();
    private final Set<String> knownTenants;
    private final AccessMatrix matrix;

    public IntegrationRegistry(IntegrationProperties properties, TenancyProperties tenancy, IntakeProperties intake,
                               ObjectProvider<AccessMatrix> matrix) {
        Set<String> known = new TreeSet<>(tenancy.tenants().keySet());
        known.add(intake.defaultTenant());
        this.knownTenants = Set.copyOf(known);
        this.matrix = matrix.getIfAvailable(AccessMatrix::load);
        List<String> problems = new ArrayList<>();
        // a tenant no case can be opened for (case.open reads it as a code) would only fail each of its cases later
        knownTenants.stream().filter(t -> !JobInput.CODE.matcher(t).matches()).forEach(t -> problems.add(
                "tenant '" + t + "' (safeguarding.tenancy.tenants, safeguarding.intake.default-tenant) is not a tenant"
                        + " code: at most 64 letters, digits, _ . : -"));
        properties.integrations().forEach((clientId, integration) -> {
            Registered registered = Registered.of(clientId, integration, knownTenants, problems);
            if (registered != null) {
                integrations.put(clientId, registered);
            }
        });
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid integration registrations (safeguarding.security.integrations)"
                    + " or tenants:\n  - "
                    + String.join("\n  - ", problems));
        }
        log.info("{} integrations may send referrals: {}; known tenants {}", integrations.size(), integrations.keySet(),
                knownTenants);
    }

    /** The partnerships this service knows: tenancy's tenants and the default tenant. */
    public Set<String> knownTenants() {
        return knownTenants;
    }

    /**
     * The part of the REST decision that needs no body: a caller at all, and a machine that is registered.
     *
     * @throws ReferralRejectedException {@code not-authorised}
     */
    public void checkCaller(Identity caller) {
        if (caller == null) {
            throw notAuthorised("", CALLER, "the request carries no verified identity");
        }
        if (caller.kind() == Identity.Kind.MACHINE && registration(caller) == null) {
            throw notAuthorised("", CLIENT_REGISTERED, "client '" + clientId(caller) + "' is not registered as an "
                    + "integration (safeguarding.security.integrations)");
        }
    }

    /**
     * REST: may this caller submit this referral, and for which tenant.
     *
     * @param declaredTenant the referral's {@code tenantid}, or null when it has none
     * @return the tenant the referral is for
     * @throws ReferralRejectedException {@code not-authorised} or {@code unknown-tenant}
     */
    public String authorise(Identity caller, String declaredTenant, String source, ReferralKind kind) {
        checkCaller(caller);
        if (caller.kind() == Identity.Kind.MACHINE) {
            Registered registered = registration(caller);
            String tenant = tenant(declaredTenant, registered.tenants(), "client '" + registered.clientId()
                    + "' is registered for more than one tenant");
            if (!registered.sends(source)) {
                throw notAuthorised(SOURCE_FIELD, SOURCE_REGISTERED, "/source: not a source registered for client '"
                        + registered.clientId() + "'");
            }
            if (!registered.tenants().contains(tenant) || !caller.actsFor(tenant)) {
                throw notAuthorised(TENANT_FIELD, TENANT_ALLOWED, "/tenantid: client '" + registered.clientId()
                        + "' may not submit referrals for this tenant (it must be in both its registration and its token)");
            }
            return tenant;
        }
        String tenant = tenant(declaredTenant, caller.tenants(), "the caller acts for more than one tenant");
        if (!caller.actsFor(tenant)) {
            throw notAuthorised(TENANT_FIELD, TENANT_ALLOWED, "/tenantid: the caller does not act for this tenant");
        }
        if (!matrix.caseTypesFor(caller.roles()).contains(kind.caseType().name())) {
            throw notAuthorised(TYPE_FIELD, KIND_ALLOWED, "/type: the caller's roles do not work on "
                    + kind.caseType() + " cases, so they may not enter this kind of referral");
        }
        return tenant;
    }

    /**
     * Kafka: may a record from this source be taken, and for which tenant.
     *
     * @param declaredTenant the referral's {@code tenantid}, or null when it has none
     * @return the tenant the referral is for
     * @throws ReferralRejectedException {@code not-authorised} or {@code unknown-tenant}
     */
    public String authoriseKafka(String source, String declaredTenant) {
        List<Registered> senders = integrations.values().stream().filter(r -> r.sends(source)).toList();
        if (senders.isEmpty()) {
            throw notAuthorised(SOURCE_FIELD, SOURCE_REGISTERED, "/source: not a source registered for any integration "
                    + "(safeguarding.security.integrations)");
        }
        Set<String> allowed = new LinkedHashSet<>();
        senders.forEach(r -> allowed.addAll(r.tenants()));
        String tenant = tenant(declaredTenant, allowed, "the integrations registered for this source use more than one tenant");
        if (!allowed.contains(tenant)) {
            throw notAuthorised(TENANT_FIELD, TENANT_ALLOWED, "/tenantid: no integration registered for this source may "
                    + "send referrals for this tenant");
        }
        return tenant;
    }

    /** The declared tenant if known; without one, the sender's only tenant; else a refusal on /tenantid. */
    private String tenant(String declared, Set<String> senderTenants, String whyNotDerived) {
        if (declared == null) {
            if (senderTenants.size() != 1) {
                throw new ReferralRejectedException(RejectionReason.UNKNOWN_TENANT, TENANT_FIELD, TENANT_REQUIRED,
                        "/tenantid: required here, because " + (senderTenants.isEmpty()
                                ? "the sender is registered for no tenant" : whyNotDerived));
            }
            declared = senderTenants.iterator().next();
        }
        if (!knownTenants.contains(declared)) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_TENANT, TENANT_FIELD, KNOWN_TENANT,
                    "/tenantid: not a tenant this service knows (safeguarding.tenancy.tenants)");
        }
        return declared;
    }

    private Registered registration(Identity caller) {
        return integrations.get(clientId(caller));
    }

    /** The OAuth client; for a client-credentials token without a client claim, its subject is the client. */
    private static String clientId(Identity caller) {
        return caller.clientId() != null && !caller.clientId().isBlank() ? caller.clientId() : caller.subject();
    }

    private static ReferralRejectedException notAuthorised(String field, String rule, String message) {
        return new ReferralRejectedException(RejectionReason.NOT_AUTHORISED, field, rule, message);
    }

    /** One checked registration; sources ending in {@code *} are prefixes. */
    private record Registered(String clientId, Set<String> tenants, Set<String> exact, List<String> prefixes) {

        static Registered of(String clientId, IntegrationProperties.Integration integration, Set<String> known,
                             List<String> problems) {
            int before = problems.size();
            if (integration == null || integration.tenants().isEmpty()) {
                problems.add(clientId + ": tenants is empty; list the partnerships it sends for");
            }
            if (integration == null || integration.sources().isEmpty()) {
                problems.add(clientId + ": sources is empty; list the CloudEvent sources it sends as");
            }
            if (integration == null) {
                return null;
            }
            Set<String> tenants = new LinkedHashSet<>();
            for (String tenant : integration.tenants()) {
                if (tenant == null || !TENANT_CODE.matcher(tenant).matches()) {
                    problems.add(clientId + ": tenant '" + tenant + "' is not a tenant code");
                } else if (!known.contains(tenant)) {
                    problems.add(clientId + ": tenant '" + tenant + "' is not a known tenant " + known
                            + " (safeguarding.tenancy.tenants, safeguarding.intake.default-tenant)");
                } else {
                    tenants.add(tenant);
                }
            }
            Set<String> exact = new LinkedHashSet<>();
            List<String> prefixes = new ArrayList<>();
            for (String source : integration.sources()) {
                if (source == null || source.isBlank() || source.chars().anyMatch(Character::isWhitespace)) {
                    problems.add(clientId + ": source '" + source + "' is empty or contains spaces");
                } else if (source.endsWith("*")) {
                    String prefix = source.substring(0, source.length() - 1);
                    if (prefix.length() < 4 || prefix.contains("*")) {
                        problems.add(clientId + ": source '" + source + "' is too broad a prefix; a prefix is at least "
                                + "four characters before a single trailing *");
                    } else {
                        prefixes.add(prefix);
                    }
                } else if (source.contains("*")) {
                    problems.add(clientId + ": source '" + source + "' has a * that is not at the end");
                } else {
                    exact.add(source);
                }
            }
            return problems.size() == before ? new Registered(clientId, Set.copyOf(tenants), Set.copyOf(exact),
                    List.copyOf(prefixes)) : null;
        }

        boolean sends(String source) {
            return source != null && (exact.contains(source) || prefixes.stream().anyMatch(source::startsWith));
        }
    }
}
