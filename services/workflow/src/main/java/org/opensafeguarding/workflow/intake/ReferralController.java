package org.opensafeguarding.workflow.intake;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.io.IOException;
import java.io.InputStream;

/**
 * REST door to the same intake as the Kafka topic, for partners without Kafka and for manual entry: same
 * CloudEvent, same validation, same idempotency by event id. Who may submit what is the
 * {@link IntegrationRegistry}'s decision, from the caller's verified token.
 */
@RestController
@RequestMapping("/api/referrals")
class ReferralController {

    private final ReferralIntake intake;
    private final IntakeProperties properties;
    private final ReferralQuarantine quarantine;

    ReferralController(ReferralIntake intake, IntakeProperties properties, ReferralQuarantine quarantine) {
        this.intake = intake;
        this.properties = properties;
        this.quarantine = quarantine;
    }

    /** The body's schema: the referral JSON Schemas, published by {@link ReferralSchemas}. */
    static final String EVENT_SCHEMA = "#/components/schemas/" + ReferralSchemas.EVENT;

    /** What the caller gets back: ids only. */
    @Schema(name = "ReferralAccepted", description = "The case the referral opened or joined (its case id is the "
            + "subject for a further referral to the same case)")
    record Accepted(String caseId, String referralId, String eventId, boolean caseCreated, boolean duplicate) {
    }

    @Operation(summary = "Submit a referral as a CloudEvents 1.0 JSON envelope",
            description = "201 when the event id is new, 200 with the same case id when it was accepted before, "
                    + "400 problem JSON naming the failing field (JSON pointer) and rule, 403 (not-authorised) when "
                    + "the caller may not submit it for that tenant, source or kind, 409 when the id was used "
                    + "for different content, 413 when the record is larger than the limit, 422 (storage-refused, "
                    + "processing-failed) when the service cannot store this referral and sending it again will not "
                    + "help (it is quarantined for an operator; nothing else was stored), 503 when the service "
                    + "cannot store it right now (retry).",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true, content = {
                    @Content(mediaType = CloudEvents.STRUCTURED_JSON, schema = @Schema(ref = EVENT_SCHEMA)),
                    @Content(mediaType = MediaType.APPLICATION_JSON_VALUE, schema = @Schema(ref = EVENT_SCHEMA))}),
            responses = {
                    @ApiResponse(responseCode = "201", description = "case opened (or referral added to the named case)",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = Accepted.class))),
                    @ApiResponse(responseCode = "200", description = "already received; nothing changed",
                            content = @Content(mediaType = MediaType.APPLICATION_JSON_VALUE,
                                    schema = @Schema(implementation = Accepted.class))),
                    @ApiResponse(responseCode = "400", description = "invalid referral (field as a JSON pointer, "
                            + "rule), or an unknown or missing tenant; nothing was stored"),
                    @ApiResponse(responseCode = "403", description = "the caller may not submit this referral "
                            + "(tenant, source or kind); nothing was stored"),
                    @ApiResponse(responseCode = "409", description = "the event id was used before for different "
                            + "content; nothing was stored"),
                    @ApiResponse(responseCode = "413", description = "the record is larger than "
                            + "safeguarding.intake.max-record-size; nothing was stored"),
                    @ApiResponse(responseCode = "422", description = "storage-refused or processing-failed: valid, "
                            + "but it cannot be stored and sending it again will not help; nothing was stored, the "
                            + "body is quarantined (quarantineId)"),
                    @ApiResponse(responseCode = "503", description = "the referral could not be stored right now "
                            + "and nothing was saved; send it again after Retry-After seconds")})
    @PostMapping(consumes = {CloudEvents.STRUCTURED_JSON, MediaType.APPLICATION_JSON_VALUE},
            produces = MediaType.APPLICATION_JSON_VALUE)
    ResponseEntity<Accepted> submit(InputStream body) throws IOException {
        byte[] raw = readAtMost(body, properties.maxRecordSize().toBytes() + 1);
        IntakeResult result;
        try {
            result = intake.acceptFromCaller(raw, Callers.current());
        } catch (ReferralNotStoredException e) {
            if (e.failure().isTransient()) {
                throw e;
            }
            ReferralRejectedException refusal = e.asRejection();
            throw new QuarantinedReferralException(refusal, quarantine.quarantineRest(raw, refusal,
                    Callers.current().actor()));
        }
        Accepted accepted = new Accepted(result.caseId().toString(), result.referralId().toString(),
                result.eventId(), result.caseCreated(), result.replay());
        return ResponseEntity.status(result.replay() ? HttpStatus.OK : HttpStatus.CREATED).body(accepted);
    }

    /** Reads one byte past the limit at most, so an oversized body is recognised without being held in memory. */
    private static byte[] readAtMost(InputStream body, long limit) throws IOException {
        return body.readNBytes((int) Math.min(limit, Integer.MAX_VALUE - 8));
    }
}
