package org.opensafeguarding.workflow.pseudonym;

import java.time.LocalDate;
import java.time.Period;
import java.time.temporal.ChronoUnit;

/**
 * Age at the trigger date in the bands the national child-death and safeguarding returns use; the
 * neonatal split matters for child-death statistics, the rest is coarse enough not to identify a child.
 */
public enum AgeBand {
    NEONATAL("0-27d"),
    INFANT("28-364d"),
    /** An age of 0 whole years without a date of birth cannot be split into neonatal and infant. */
    UNDER_1("0-364d"),
    AGE_1_4("1-4y"),
    AGE_5_9("5-9y"),
    AGE_10_14("10-14y"),
    AGE_15_17("15-17y"),
    ADULT("18y+"),
    UNKNOWN("unknown");

    private final String code;

    AgeBand(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static AgeBand at(LocalDate birthDate, LocalDate onDate) {
        if (birthDate == null || onDate == null || onDate.isBefore(birthDate)) {
            return UNKNOWN;
        }
        if (ChronoUnit.DAYS.between(birthDate, onDate) < 28) {
            return NEONATAL;
        }
        int years = Period.between(birthDate, onDate).getYears();
        return years == 0 ? INFANT : fromYears(years);
    }

    /** For referrals that give an age in whole years instead of a date of birth (LADO children). */
    public static AgeBand fromYears(Integer years) {
        if (years == null || years < 0) {
            return UNKNOWN;
        }
        if (years == 0) {
            return UNDER_1;
        }
        if (years <= 4) {
            return AGE_1_4;
        }
        if (years <= 9) {
            return AGE_5_9;
        }
        if (years <= 14) {
            return AGE_10_14;
        }
        return years <= 17 ? AGE_15_17 : ADULT;
    }
}
