package org.opensafeguarding.workflow.pseudonym;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * @param key          the HMAC key, at least 32 bytes; deliberately has no default in the repository
 * @param allowDevKey  lets a development or test run fall back to a published, non-secret key
 */
@ConfigurationProperties("safeguarding.pseudonym")
public record PseudonymProperties(String key, boolean allowDevKey) {
}
