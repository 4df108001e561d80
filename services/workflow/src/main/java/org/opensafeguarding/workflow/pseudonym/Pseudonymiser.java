package org.opensafeguarding.workflow.pseudonym;

import org.opensafeguarding.workflow.casefile.CaseId;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.HexFormat;

/**
 * Keyed pseudonym of a case: HMAC-SHA256 of the case id. Reporting can join a case's events without ever
 * learning the case id, and nobody without the key can go from a case id to its events or back.
 */
public final class Pseudonymiser {

    /** Published on purpose: it protects nothing and may only be used where a property says so. */
    static final String DEV_KEY = "opensafeguarding-dev-only-pseudonym-key-not-for-real-data";

    private static final Logger log = LoggerFactory.getLogger(Pseudonymiser.class);
    private static final int MIN_KEY_BYTES = 32;

    private final SecretKeySpec key;

    public Pseudonymiser(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("safeguarding.pseudonym.key must be at least " + MIN_KEY_BYTES
                    + " bytes (after base64 decoding if it is given as base64:...)");
        }
        this.key = new SecretKeySpec(key.clone(), "HmacSHA256");
    }

    /**
     * Builds the pseudonymiser from configuration, refusing to start without a key unless the development
     * fallback was asked for explicitly.
     */
    public static Pseudonymiser fromProperties(PseudonymProperties properties) {
        String configured = properties == null ? null : properties.key();
        if (configured != null && !configured.isBlank()) {
            return new Pseudonymiser(decode(configured.trim()));
        }
        if (properties != null && properties.allowDevKey()) {
            log.warn("safeguarding.pseudonym.key is not set; using the published development key because "
                    + "safeguarding.pseudonym.allow-dev-key=true. Never do this with real case data.");
            return new Pseudonymiser(DEV_KEY.getBytes(StandardCharsets.UTF_8));
        }
        throw new IllegalStateException("safeguarding.pseudonym.key is not set. Case events are pseudonymised with "
                + "this key and the service will not start without it: set SAFEGUARDING_PSEUDONYM_KEY to a secret of "
                + "at least 32 bytes (plain text, or base64:<value>), kept the same for the life of the data "
                + "(changing it breaks the link between a case's old and new events in reporting).");
    }

    private static byte[] decode(String configured) {
        if (configured.startsWith("base64:")) {
            try {
                return Base64.getDecoder().decode(configured.substring("base64:".length()));
            } catch (IllegalArgumentException e) {
                throw new IllegalStateException("safeguarding.pseudonym.key starts with base64: but is not valid base64");
            }
        }
        return configured.getBytes(StandardCharsets.UTF_8);
    }

    /** 64 lowercase hex characters; stable for a given key and case. */
    public String of(CaseId caseId) {
        return hmac(caseId.toString());
    }

    /**
     * The pseudonym of an engine user task: an engine key would lead straight back to the case through the engine.
     * Prefixed so a task key can never collide with a case id's pseudonym.
     */
    public String ofTask(long taskKey) {
        return hmac("task:" + taskKey);
    }

    private String hmac(String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is unavailable in this JVM", e);
        }
    }
}
