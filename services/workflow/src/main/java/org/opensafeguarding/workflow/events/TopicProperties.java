package org.opensafeguarding.workflow.events;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Topic names are configurable so several test contexts can share one broker without reading each other's
 * records; the defaults are the published contract names.
 *
 * @param referralReceipts one receipt per Kafka referral, keyed by the producer's event id (docs/events.md, "Receipts")
 * @param partitions       partitions for topics this service creates; replication follows the broker default
 */
@ConfigurationProperties("safeguarding.topics")
public record TopicProperties(String referrals, String referralsDlt, String caseEvents, String referralReceipts,
                              Integer partitions) {

    public TopicProperties {
        referrals = referrals == null || referrals.isBlank() ? "safeguarding.referrals.v1" : referrals;
        referralsDlt = referralsDlt == null || referralsDlt.isBlank() ? referrals + ".dlt" : referralsDlt;
        caseEvents = caseEvents == null || caseEvents.isBlank() ? "safeguarding.case-events.v1" : caseEvents;
        referralReceipts = referralReceipts == null || referralReceipts.isBlank() ? "safeguarding.referral-receipts.v1"
                : referralReceipts;
        partitions = partitions == null ? 3 : partitions;
    }
}
