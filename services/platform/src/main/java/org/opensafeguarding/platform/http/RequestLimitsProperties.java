package org.opensafeguarding.platform.http;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Limits every request body of a service is held to before any controller reads it (docs/security.md, "Request
 * limits").
 *
 * @param maxBodySize  largest request body, by {@code Content-Length} and by the bytes actually sent (a chunked
 *                     body has no length); larger ones are answered 413 {@code body-too-large}. An endpoint may hold
 *                     its bodies to less (the referral API: {@code safeguarding.intake.max-record-size})
 * @param maxJsonDepth deepest nesting of objects and arrays in a JSON body; deeper ones are answered 400
 *                     {@code json-too-deep}
 */
@ConfigurationProperties("safeguarding.http")
public record RequestLimitsProperties(DataSize maxBodySize, Integer maxJsonDepth) {

    public static final DataSize DEFAULT_MAX_BODY_SIZE = DataSize.ofMegabytes(1);
    public static final int DEFAULT_MAX_JSON_DEPTH = 32;

    public RequestLimitsProperties {
        maxBodySize = maxBodySize == null ? DEFAULT_MAX_BODY_SIZE : maxBodySize;
        maxJsonDepth = maxJsonDepth == null ? DEFAULT_MAX_JSON_DEPTH : maxJsonDepth;
        if (maxBodySize.toBytes() < 1 || maxBodySize.toBytes() > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("safeguarding.http.max-body-size must be between 1B and 2GB, not "
                    + maxBodySize);
        }
        if (maxJsonDepth < 1) {
            throw new IllegalArgumentException("safeguarding.http.max-json-depth must be at least 1, not " + maxJsonDepth);
        }
    }
}
