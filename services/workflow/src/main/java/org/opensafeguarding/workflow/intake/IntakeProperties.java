package org.opensafeguarding.workflow.intake;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

import java.time.Duration;

/**
 * @param maxRecordSize   largest referral accepted, as raw bytes of the CloudEvent; bigger ones are rejected
 *                        as too-large (a referral is structured data, attachments travel another way)
 * @param defaultTenant   tenant for referrals without the {@code tenantid} extension
 * @param retryInitial    first pause before a referral that failed for a transient reason is tried again
 * @param retryMax        longest pause between retries; retries never stop, so the record is never dead-lettered
 */
@ConfigurationProperties("safeguarding.intake")
public record IntakeProperties(DataSize maxRecordSize, String defaultTenant, Duration retryInitial, Duration retryMax) {

    public IntakeProperties {
        maxRecordSize = maxRecordSize == null ? DataSize.ofKilobytes(256) : maxRecordSize;
        defaultTenant = defaultTenant == null || defaultTenant.isBlank() ? "default" : defaultTenant;
        retryInitial = retryInitial == null ? Duration.ofMillis(500) : retryInitial;
        retryMax = retryMax == null ? Duration.ofSeconds(30) : retryMax;
    }
}
