package org.opensafeguarding.reporting;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

import java.time.Duration;
import java.time.MonthDay;
import java.util.List;

/**
 * @param gapTimeout          how long an event may wait for an earlier one of its case before the gap is reported
 * @param amberWorkingDays    a deadline is amber from this many working days before its due date
 * @param suppressionThreshold published counts below this are shown as {@code <N}
 * @param businessDateFields  data fields that carry the date a thing really happened (a meeting held, a decision
 *                            made), read in this order; the first present wins over {@code occurredOn}
 * @param yearStart           the first day of the reporting year (the financial year: 1 April)
 * @param replayPollTimeout   a rebuild's poll; it ends when every partition reached its end offset
 * @param replayWorkers       rebuild consumers, each with its share of the partitions (at most one per partition)
 * @param replayBatchSize     records per rebuild transaction: larger batches read and write each case's rows once
 */
@ConfigurationProperties("reporting")
public record ReportingProperties(
        @DefaultValue("PT15M") Duration gapTimeout,
        @DefaultValue("2") int amberWorkingDays,
        @DefaultValue("5") int suppressionThreshold,
        @DefaultValue({"businessDate", "meetingHeldOn", "heldOn", "decidedOn", "decisionDate", "metOn", "sentOn",
                "completedOn"}) List<String> businessDateFields,
        @DefaultValue("--04-01") String yearStart,
        @DefaultValue("PT1S") Duration replayPollTimeout,
        @DefaultValue("2") int replayWorkers,
        @DefaultValue("10000") int replayBatchSize) {

    public MonthDay yearStartDay() {
        return MonthDay.parse(yearStart);
    }
}
