package org.opensafeguarding.workflow.lado;

import org.springframework.boot.context.properties.ConfigurationProperties;

import java.time.LocalDate;
import java.util.List;

/**
 * The KCSIE editions whose outcome vocabulary a LADO case can be pinned to (DOMAIN §5.6, §7.6).
 *
 * @param editions in date order; a case is pinned to the last edition whose {@code from} is on or before its
 *                 referral date (the first edition has no {@code from} and covers everything earlier). Replacing
 *                 the list replaces all of it, so set every edition when changing one.
 */
@ConfigurationProperties("safeguarding.kcsie")
public record KcsieProperties(List<Edition> editions) {

    /**
     * @param id            the edition code pinned on the case ({@code kcsieEdition})
     * @param from          first referral date the edition applies to; null for the first edition
     * @param findings      the outcome codes a LADO may record under it ({@code findingOptions})
     * @param harmTestLimb4 whether the fourth harm-test limb (transferable risk) applies
     */
    public record Edition(String id, LocalDate from, List<String> findings, boolean harmTestLimb4) {
    }

    /**
     * DOMAIN §5.6: the 2016-era edition has four findings; later editions add UNFOUNDED and the fourth limb
     * (DOMAIN §5.2). The date the later vocabulary starts is an open verification item (DOMAIN §8 item 7, [V]):
     * 1 Sep 2020 (the September 2020 edition) is a configurable default, to be confirmed before go-live.
     */
    public static final List<Edition> DEFAULT_EDITIONS = List.of(
            new Edition("KCSIE-2016", null, List.of("SUBSTANTIATED", "MALICIOUS", "FALSE", "UNSUBSTANTIATED"), false),
            new Edition("KCSIE-LATER", LocalDate.of(2020, 9, 1),
                    List.of("SUBSTANTIATED", "MALICIOUS", "FALSE", "UNSUBSTANTIATED", "UNFOUNDED"), true));

    public KcsieProperties {
        editions = editions == null || editions.isEmpty() ? DEFAULT_EDITIONS : List.copyOf(editions);
    }
}
