package org.opensafeguarding.workflow.audit;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.UUID;

/**
 * The canonical serialisation of an audit row and its SHA-256, exactly as {@code audit_row_hash} in
 * {@code V8__audit_chain.sql} computes it when the row is written: {@code audit-v1}, then for each field in order
 * {@code |-} for NULL or {@code |<UTF-8 byte length>:<text>}. Kept apart from the database's function on purpose:
 * the verifier does not take the database's word for what a row's hash should be.
 */
public final class AuditRowHash {

    /** The prev_hash of the first row of the chain. */
    public static final String GENESIS = "0".repeat(64);

    private static final DateTimeFormatter MICROS_UTC =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private AuditRowHash() {
    }

    /** The fields of one row as stored; {@code detail} as PostgreSQL prints the JSONB ({@code detail::text}). */
    public record Fields(long id, Instant occurredAt, String actor, String action, String resourceType,
                         String resourceId, String detail, String role, String tenant, UUID caseId, String clientId,
                         String outcome, String prevHash) {
    }

    public static String of(Fields f) {
        StringBuilder s = new StringBuilder(256).append("audit-v1");
        field(s, Long.toString(f.id()));
        field(s, f.occurredAt() == null ? null : MICROS_UTC.format(f.occurredAt()));
        field(s, f.actor());
        field(s, f.action());
        field(s, f.resourceType());
        field(s, f.resourceId());
        field(s, f.detail());
        field(s, f.role());
        field(s, f.tenant());
        field(s, f.caseId() == null ? null : f.caseId().toString());
        field(s, f.clientId());
        field(s, f.outcome());
        field(s, f.prevHash());
        return HexFormat.of().formatHex(sha256().digest(s.toString().getBytes(StandardCharsets.UTF_8)));
    }

    private static void field(StringBuilder s, String value) {
        if (value == null) {
            s.append("|-");
        } else {
            s.append('|').append(value.getBytes(StandardCharsets.UTF_8).length).append(':').append(value);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
