package org.opensafeguarding.workflow.notices;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.LocalDate;

/**
 * @param liveDate the day NCMD started taking cases (DOMAIN §4.3: 1 Apr 2019, new deaths and every case still
 *                 open then); a sync before it goes to the LSCB1 return only
 */
@ConfigurationProperties("safeguarding.ncmd")
public record NcmdProperties(LocalDate liveDate) {

    public NcmdProperties {
        liveDate = liveDate == null ? LocalDate.of(2019, 4, 1) : liveDate;
    }
}
