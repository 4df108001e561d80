package org.opensafeguarding.workflow.intake;

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
import org.opensafeguarding.workflow.intake.ReferralValidator.ValidReferral;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
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
 */
@Service
@EnableConfigurationProperties(RegimeProperties.class)
public class ReferralIntake {

    private final ReferralValidator validator;
    private final CaseRepository cases;
    private final EngineCommands engineCommands;
    private final CaseEvents caseEvents;
    private final AuditLog audit;
    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final RegimeSelector regimes;
    private final Clock clock;

    public ReferralIntake(ReferralValidator validator, CaseRepository cases, EngineCommands engineCommands,
                          CaseEvents caseEvents, AuditLog audit, JdbcClient jdbc, TransactionTemplate transactions,
                          RegimeProperties regimeProperties, Optional<Clock> clock) {
        this.validator = validator;
        this.cases = cases;
        this.engineCommands = engineCommands;
        this.caseEvents = caseEvents;
        this.audit = audit;
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.regimes = new RegimeSelector(regimeProperties);
        this.clock = clock.orElse(Clock.systemUTC());
    }

    /**
     * @param actor who delivered it, for the audit log (a Kafka client or an authenticated REST caller)
     * @throws ReferralRejectedException for input that will never be accepted as it is
     * @throws org.springframework.dao.DataAccessException when the database is unavailable: try again later
     */
    public IntakeResult accept(byte[] raw, Channel channel, String actor) {
        ValidReferral referral = validator.validate(raw);
        return transactions.execute(status -> acceptValid(referral, channel, actor));
    }

    private IntakeResult acceptValid(ValidReferral referral, Channel channel, String actor) {
        Instant now = clock.instant();
        ReferralId referralId = ReferralId.newId();
        Optional<CaseRecord> existingCase = referral.subject() == null ? Optional.empty() : Optional.of(namedCase(referral));
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
            return replay(referral, channel, actor);
        }

        if (existingCase.isEmpty()) {
            openCase(referral, caseId, now);
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
                "type", referral.kind().kindName(), "channel", channel.name()));

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

    private void openCase(ValidReferral referral, CaseId caseId, Instant now) {
        ReferralKind kind = referral.kind();
        LocalDate trigger = kind.triggerDate(referral.data());
        RegimeSelector.Choice choice = regimes.choose(kind.caseType(), trigger, referral.tenant());
        cases.insert(new CaseRecord(caseId, kind.caseType(), choice.processId(), choice.processVersion(),
                referral.tenant(), CaseStatus.OPEN, trigger, kind.subjectBirthDate(referral.data()), now, null));
        Map<String, Object> variables = new LinkedHashMap<>();
        variables.put("caseId", caseId.toString());
        variables.put("caseType", kind.caseType().name());
        variables.put("processVersion", choice.processVersion());
        variables.put("tenant", referral.tenant());
        variables.put("triggerDate", trigger.toString());
        variables.putAll(kind.routingFlags(referral.data()));
        variables.putAll(kind.startVariables(referral.data(), now));
        engineCommands.requestStart(caseId, choice.processId(), variables);
        audit.record("intake", AuditAction.CREATE, "case", caseId.toString(), Map.of(
                "eventId", referral.eventId(), "caseType", kind.caseType().name(),
                "processId", choice.processId(), "processVersion", choice.processVersion()));
    }

    private CaseRecord namedCase(ValidReferral referral) {
        CaseId named;
        try {
            named = CaseId.parse(referral.subject());
        } catch (IllegalArgumentException e) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_CASE, "/subject", "case-exists",
                    "/subject: not a case id");
        }
        CaseRecord c = cases.find(named).orElseThrow(() -> new ReferralRejectedException(
                RejectionReason.UNKNOWN_CASE, "/subject", "case-exists", "/subject: no case with this id exists"));
        if (c.type() != referral.kind().caseType()) {
            throw new ReferralRejectedException(RejectionReason.UNKNOWN_CASE, "/subject", "case-type",
                    "/subject: the named case is a " + c.type() + " case, not a " + referral.kind().caseType() + " case");
        }
        return c;
    }

    private IntakeResult replay(ValidReferral referral, Channel channel, String actor) {
        record Seen(String sha, UUID referralId, UUID caseId, boolean createdCase) {
        }
        Seen seen = jdbc.sql("SELECT payload_sha256, referral_id, case_id, created_case FROM intake_inbox WHERE event_id = :id")
                .param("id", referral.eventId())
                .query((rs, n) -> new Seen(rs.getString(1), rs.getObject(2, UUID.class), rs.getObject(3, UUID.class), rs.getBoolean(4)))
                .single();
        if (!seen.sha().equals(referral.sha256())) {
            throw new ReferralRejectedException(RejectionReason.ID_CONFLICT, "/id", "unique-id",
                    "/id: this event id was already used for a referral with different content");
        }
        audit.record(actor, AuditAction.REPLAY, "referral", seen.referralId().toString(), Map.of(
                "caseId", seen.caseId().toString(), "eventId", referral.eventId(), "channel", channel.name()));
        return new IntakeResult(new CaseId(seen.caseId()), new ReferralId(seen.referralId()), referral.eventId(),
                seen.createdCase(), true);
    }
}
