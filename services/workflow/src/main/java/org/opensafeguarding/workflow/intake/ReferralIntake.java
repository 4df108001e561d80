package org.opensafeguarding.workflow.intake;

import org.opensafeguarding.workflow.access.CaseRestrictions;
import org.opensafeguarding.workflow.access.RestrictedCases;
import org.opensafeguarding.identity.access.Identity;
import org.opensafeguarding.workflow.audit.AuditAction;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.CaseStatus;
import org.opensafeguarding.workflow.casefile.ReferralId;
import org.opensafeguarding.workflow.casefile.RegimeProperties;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.engine.EngineCommands;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.opensafeguarding.workflow.failure.Failures;
import org.opensafeguarding.workflow.intake.ReferralValidator.ValidReferral;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.TransactionException;
import org.springframework.transaction.support.TransactionTemplate;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * One entry point for Kafka and REST, so both get the same validation and the same idempotency.
 *
 * <p>In one transaction: the inbox row (dedupe by event id), the referral, the case, the pending engine
 * command, the case-opened outbox event and the audit rows. The engine is not called here: the dispatcher
 * starts the instance after commit, so a crash at any point leaves either nothing or everything needed to
 * finish, and a redelivery finds the inbox row and changes nothing.
 *
 * <p>Before that transaction, and before anything is stored: validation ({@link ReferralValidator}), then who may
 * send it and for which tenant ({@link IntegrationRegistry}). A REST caller refused as not authorised leaves a
 * {@code DENIED} audit row (in a transaction of its own) and nothing else.
 */
@Service
@EnableConfigurationProperties(RegimeProperties.class)
public class ReferralIntake {

    private static final Logger log = LoggerFactory.getLogger(ReferralIntake.class);

    private final RestrictedCases restricted;
    private final ReferralValidator validator;
    private final IntegrationRegistry integrations;
    private final IntakeProperties properties;
    private final CaseRepository cases;
    private final EngineCommands engineCommands;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RegimeSelector regimes;
    private final Clock clock;
    private final ReferralReceipts receipts;

    public ReferralIntake(ReferralValidator validator, IntegrationRegistry integrations, IntakeProperties properties,
                          CaseRepository cases, EngineCommands engineCommands,
                          CaseEvents caseEvents, AuditLog audit, JdbcClient jdbc, TransactionTemplate transactions,
                          RegimeProperties regimeProperties, Clock clock, RestrictedCases restricted,
                          ReferralReceipts receipts) {
        this.receipts = receipts;
        this.restricted = restricted;
        this.validator = validator;
        this.integrations = integrations;
        this.properties = properties;
        this.cases = cases;
        this.engineCommands = engineCommands;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.regimes = new RegimeSelector(regimeProperties);
        this.clock = clock;
    }

    /**
     * A referral from code inside the service that has decided already that it may be taken (tests, tools): no
     * registry check. Its {@code tenantid} must be a known tenant; without one it is for
     * {@code safeguarding.intake.default-tenant}. The two doors from outside are {@link #acceptFromCaller} and
     * {@link #acceptFromKafka}, which never default the tenant.
     *
     * @param actor who delivered it, for the audit log
     * @throws ReferralRejectedException for input that will never be accepted as it is
     * @throws ReferralNotStoredException when it could not be stored: transient (try again later) or permanent
     */
    public IntakeResult accept(byte[] raw, Channel channel, String actor) {
        ValidReferral referral = validator.validate(raw);
        String tenant = referral.declaredTenant() == null ? properties.defaultTenant() : referral.declaredTenant();
        if (!integrations.knownTenants().contains(tenant)) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_TENANT, "/" + CloudEvents.TENANTID,
                    IntegrationRegistry.KNOWN_TENANT,
                    "/tenantid: not a tenant this service knows (safeguarding.tenancy.tenants)", referral.eventId());
        }
        return store(referral, tenant, channel, actor, null);
    }

    /**
     * A referral POSTed by a verified caller: an integration (registered client) or a person entering it by hand.
     *
     * @param caller the token's identity; null (no verified token) is refused
     * @throws ReferralRejectedException as {@link #accept}, and {@code not-authorised} / {@code unknown-tenant}
     * @throws ReferralNotStoredException as {@link #accept}
     */
    public IntakeResult acceptFromCaller(byte[] raw, Identity caller) {
        String eventId = null;
        try {
            integrations.checkCaller(caller);
            ValidReferral referral = validator.validate(raw);
            eventId = referral.eventId();
            String tenant = integrations.authorise(caller, referral.declaredTenant(), referral.source(), referral.kind());
            return store(referral, tenant, Channel.REST, caller.actor(), null);
        } catch (ReferralRejectedException e) {
            if (e.reason() == RejectionReason.NOT_AUTHORISED) {
                auditDenied(caller, e.forEvent(eventId), Channel.REST);
            }
            throw e.forEvent(eventId);
        } catch (ReferralNotStoredException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReferralNotStoredException(Failures.classify(e), eventId);
        }
    }

    /**
     * A record from the referral topic: authorised by its registered source (a record carries no token).
     *
     * @param actor  the consumer, for the audit log ({@code kafka:<topic>})
     * @param origin the record's coordinates: its receipt is written in the same transaction as the case
     * @throws ReferralRejectedException as {@link #accept}, and {@code not-authorised} / {@code unknown-tenant}
     * @throws ReferralNotStoredException as {@link #accept}
     */
    public IntakeResult acceptFromKafka(byte[] raw, String actor, ReferralReceipts.Origin origin) {
        String eventId = null;
        try {
            ValidReferral referral = validator.validate(raw);
            eventId = referral.eventId();
            String tenant = integrations.authoriseKafka(referral.source(), referral.declaredTenant());
            return store(referral, tenant, Channel.KAFKA, actor, origin);
        } catch (ReferralRejectedException e) {
            throw e.forEvent(eventId);
        } catch (ReferralNotStoredException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new ReferralNotStoredException(Failures.classify(e), eventId);
        }
    }

    /**
     * The one transaction. Whatever fails in it other than a refusal becomes a {@link ReferralNotStoredException}: the
     * transaction is rolled back (nothing half-stored), and the original exception, whose message may quote the
     * referral, goes no further.
     */
    private IntakeResult store(ValidReferral referral, String tenant, Channel channel, String actor,
                               ReferralReceipts.Origin origin) {
        try {
            return transactions.execute(status -> {
                IntakeResult result = acceptValid(referral, tenant, channel, actor);
                if (origin != null) {
                    receipts.accepted(result, origin);
                }
                return result;
            });
        } catch (ReferralRejectedException e) {
            throw e.forEvent(referral.eventId());
        } catch (RuntimeException e) {
            throw new ReferralNotStoredException(Failures.classify(e), referral.eventId());
        }
    }

    /** A refusal is audited whether or not anything else happens; if even that fails, the refusal still stands. */
    private void auditDenied(Identity caller, ReferralRejectedException refusal, Channel channel) {
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("channel", channel.name());
        detail.put("reason", refusal.reason().code());
        detail.put("field", refusal.field());
        detail.put("rule", refusal.rule());
        String actor = caller == null ? "anonymous" : caller.actor();
        String resource = refusal.eventId() == null ? "-" : refusal.eventId();
        try {
            transactions.executeWithoutResult(status -> audit.record(actor, AuditAction.DENIED, "referral", resource, detail));
        } catch (DataAccessException | TransactionException e) {
            log.warn("referral refused ({} {}) but the refusal could not be audited: {}", refusal.field(), refusal.rule(),
                    Failures.classify(e));
        }
    }

    private IntakeResult acceptValid(ValidReferral referral, String tenant, Channel channel, String actor) {
        Instant now = clock.instant();
        ReferralId referralId = ReferralId.newId();
        Optional<CaseRecord> existingCase = referral.subject() == null ? Optional.empty()
                : Optional.of(namedCase(referral, tenant));
        CaseId caseId = existingCase.map(CaseRecord::id).orElseGet(CaseId::newId);

        // Claims the event id; a concurrent delivery of the same id waits here until this transaction ends.
        int claimed = jdbc.sql("""
                INSERT INTO intake_inbox (event_id, payload_sha256, referral_id, case_id, created_case, received_at)
                VALUES (:eventId, :sha, :referralId, :caseId, :created, :at)
                ON CONFLICT (event_id) DO NOTHING
                """)
                .param("eventId", referral.eventId())
                .param("sha", referral.sha256())
                .param("referralId", referralId.value())
                .param("caseId", caseId.value())
                .param("created", existingCase.isEmpty())
                .param("at", Timestamp.from(now))
                .update();
        if (claimed == 0) {
            return replay(referral, tenant, channel, actor);
        }

        if (existingCase.isEmpty()) {
            openCase(referral, tenant, caseId, now);
        }
        jdbc.sql("""
                INSERT INTO referral (id, event_id, event_source, event_type, channel, case_id, received_at, payload)
                VALUES (:id, :eventId, :source, :type, :channel, :caseId, :at, CAST(:payload AS JSONB))
                """)
                .param("id", referralId.value())
                .param("eventId", referral.eventId())
                .param("source", referral.source())
                .param("type", referral.kind().cloudEventType())
                .param("channel", channel.name())
                .param("caseId", caseId.value())
                .param("at", Timestamp.from(now))
                .param("payload", referral.envelope().toString())
                .update();
        audit.record(actor, AuditAction.CREATE, "referral", referralId.toString(), Map.of(
                "caseId", caseId.toString(), "eventId", referral.eventId(), "eventSource", referral.source(),
                "type", referral.kind().kindName(), "channel", channel.name(), "tenant", tenant));

        if (existingCase.isPresent()) {
            CaseRecord c = existingCase.get();
            engineCommands.requestCorrelation(caseId, c.processId(), "referral:" + referral.eventId(), Map.of(
                    "caseId", caseId.toString(), "referralId", referralId.toString(),
                    "referralKind", referral.kind().kindName()));
        } else {
            caseEvents.caseOpened(caseId, referral.kind().kindName(), channel.name(),
                    referral.kind().ageBand(referral.data(), referral.kind().triggerDate(referral.data())),
                    referral.kind().categories(referral.data()));
        }
        return new IntakeResult(caseId, referralId, referral.eventId(), existingCase.isEmpty(), false);
    }

    private void openCase(ValidReferral referral, String tenant, CaseId caseId, Instant now) {
        ReferralKind kind = referral.kind();
        LocalDate trigger = kind.triggerDate(referral.data());
        RegimeSelector.Choice choice = regimes.choose(kind.caseType(), trigger, tenant);
        cases.insert(new CaseRecord(caseId, kind.caseType(), choice.processId(), choice.processVersion(),
                tenant, CaseStatus.OPEN, trigger, kind.subjectBirthDate(referral.data()), now, null));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("caseType", kind.caseType().name());
        variables.put("processVersion", choice.processVersion());
        variables.put("tenant", tenant);
        variables.put("triggerDate", trigger.toString());
        variables.putAll(kind.routingFlags(referral.data()));
        variables.putAll(kind.startVariables(referral.data(), now));
        engineCommands.requestStart(caseId, choice.processId(), variables);
        audit.record("intake", AuditAction.CREATE, "case", caseId.toString(), Map.of(
                "eventId", referral.eventId(), "caseType", kind.caseType().name(),
                "processId", choice.processId(), "processVersion", choice.processVersion()));
        if (kind == ReferralKind.LADO_ALLEGATION && referral.data().at("/accused/partnershipStaff").asBoolean(false)) {
            // colleagues of the accused must not browse the allegation (docs/security.md, restricted cases)
            restricted.restrictAutomatically(caseId, CaseRestrictions.Reason.STAFF_ALLEGATION, "intake");
        }
    }

    /** The case a further referral names; another tenant's case is answered as one that does not exist. */
    private CaseRecord namedCase(ValidReferral referral, String tenant) {
        CaseId named;
        try {
            named = CaseId.parse(referral.subject());
        } catch (IllegalArgumentException e) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_CASE, "/subject", "case-exists",
                    "/subject: not a case id");
        }
        CaseRecord c = cases.find(named).filter(found -> found.tenant().equals(tenant))
                .orElseThrow(() -> new ReferralRejectedException(RejectionReason.UNKNOWN_CASE, "/subject",
                        "case-exists", "/subject: no case with this id exists"));
        if (c.type() != referral.kind().caseType()) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_CASE, "/subject", "case-type",
                    "/subject: the named case is a " + c.type() + " case, not a " + referral.kind().caseType() + " case");
        }
        return c;
    }

    /** A repeat answers with the case only if it is the same content for the same tenant (the tenant may be derived). */
    private IntakeResult replay(ValidReferral referral, String tenant, Channel channel, String actor) {
        record Seen(String sha, UUID referralId, UUID caseId, boolean createdCase, String tenant) {
        }
        Seen seen = jdbc.sql("""
                SELECT i.payload_sha256, i.referral_id, i.case_id, i.created_case, c.tenant
                FROM intake_inbox i JOIN case_file c ON c.id = i.case_id WHERE i.event_id = :id
                """)
                .param("id", referral.eventId())
                .query((rs, n) -> new Seen(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class),
                        rs.getBoolean(4), rs.getString(5)))
                .single();
        if (!seen.sha().equals(referral.sha256()) || !seen.tenant().equals(tenant)) {
            throw new ReferralRejectedException(RejectionReason.ID_CONFLICT, "/id", "unique-id",
                    "/id: this event id was already used for a referral with different content");
        }
        audit.record(actor, AuditAction.REPLAY, "referral", seen.referralId().toString(), Map.of(
                "caseId", seen.caseId().toString(), "eventId", referral.eventId(), "channel", channel.name()));
        return new IntakeResult(new CaseId(seen.caseId()), new ReferralId(seen.referralId()), referral.eventId(),
                seen.createdCase(), true);
    }
}
