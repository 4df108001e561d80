package org.opensafeguarding.workflow.casefile;

import org.opensafeguarding.workflow.engine.ProcessIds;

import java.time.LocalDate;

/**
 * Chooses the process model and the regime a new case is pinned to, from what kind of referral it is, the
 * date of its trigger and the tenant's transition date (DOMAIN §0). Open cases never convert: the
 * choice is made once here.
 */
public final class RegimeSelector {

    /** The serious incident notification duty began on this date (DOMAIN §0, `CSPR-WT2018`). */
    static final LocalDate SIN_DUTY_START = LocalDate.of(2018, 6, 29);

    private final RegimeProperties properties;

    public RegimeSelector(RegimeProperties properties) {
        this.properties = properties;
    }

    public record Choice(CaseType caseType, String processId, String processVersion) {
    }

    public Choice choose(CaseType type, LocalDate triggerDate, String tenant) {
        boolean newRegime = !triggerDate.isBefore(properties.transitionDate(tenant));
        return switch (type) {
            case LADO_ALLEGATION -> new Choice(type, ProcessIds.LADO_ALLEGATION,
                    newRegime ? ProcessVersions.LADO_WT2018 : ProcessVersions.LADO_WT2013);
            // One model covers both child-death regimes; DOMAIN §4.4 maps the 2013 steps onto the 2018 ones.
            case CHILD_DEATH -> new Choice(type, ProcessIds.CHILD_DEATH_REVIEW,
                    newRegime ? ProcessVersions.CDR_2018 : ProcessVersions.CDOP_LSCB);
            case SERIOUS_CASE_REVIEW -> newRegime
                    ? new Choice(type, ProcessIds.PRACTICE_REVIEW, ProcessVersions.CSPR_WT2018)
                    : new Choice(type, ProcessIds.SCR_REFERRAL, ProcessVersions.SCR_WT2013);
            // Before the statutory duty a serious incident was a 2013 "notifiable incident" (SCR trigger A).
            case SERIOUS_INCIDENT -> triggerDate.isBefore(SIN_DUTY_START)
                    ? new Choice(type, ProcessIds.SCR_REFERRAL, ProcessVersions.SCR_WT2013)
                    : new Choice(type, ProcessIds.PRACTICE_REVIEW, ProcessVersions.CSPR_WT2018);
        };
    }
}
