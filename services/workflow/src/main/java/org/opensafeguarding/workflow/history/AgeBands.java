package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.pseudonym.AgeBand;

import java.util.Arrays;
import java.util.List;

/**
 * The age band a row gives instead of a date of birth: the band is all reporting needs (DOMAIN §4.6), and a date
 * of birth would be personal data brought into a file that passes through spreadsheets and e-mail.
 */
final class AgeBands {

    static final List<String> CHILD_CODES = Arrays.stream(AgeBand.values())
            .filter(b -> b != AgeBand.ADULT && b != AgeBand.UNKNOWN && b != AgeBand.UNDER_1)
            .map(AgeBand::code).toList();

    private AgeBands() {
    }

    static AgeBand of(String code) {
        return code == null ? AgeBand.UNKNOWN
                : Arrays.stream(AgeBand.values()).filter(b -> b.code().equals(code)).findFirst().orElse(AgeBand.UNKNOWN);
    }
}
