package org.opensafeguarding.workflow.lado;

import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/** Chooses and looks up KCSIE editions; the configured list is checked at start-up. */
@Component
@EnableConfigurationProperties(KcsieProperties.class)
public class KcsieEditions {

    private final List<Edition> editions;

    public KcsieEditions(KcsieProperties properties) {
        this.editions = properties.editions();
        List<String> problems = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        LocalDate previous = null;
        for (int i = 0; i < editions.size(); i++) {
            Edition e = editions.get(i);
            if (e.id() == null || e.id().isBlank() || !ids.add(e.id())) {
                problems.add("editions[" + i + "]: id missing or repeated");
            }
            if (e.findings() == null || e.findings().isEmpty()) {
                problems.add("editions[" + i + "]: findings must list at least one outcome code");
            }
            if (i == 0 && e.from() != null) {
                problems.add("editions[0]: the first edition must not have a from date (it covers every earlier referral)");
            }
            if (i > 0 && (e.from() == null || (previous != null && !e.from().isAfter(previous)))) {
                problems.add("editions[" + i + "]: from must be set and later than the previous edition's");
            }
            previous = e.from();
        }
        if (!problems.isEmpty()) {
            throw new IllegalStateException("Invalid safeguarding.kcsie.editions:\n  - " + String.join("\n  - ", problems));
        }
    }

    /** The edition in force on the referral date. */
    public Edition forReferralDate(LocalDate referralDate) {
        Edition chosen = editions.get(0);
        for (Edition e : editions) {
            if (e.from() == null || !e.from().isAfter(referralDate)) {
                chosen = e;
            }
        }
        return chosen;
    }

    public Optional<Edition> byId(String id) {
        return editions.stream().filter(e -> e.id().equals(id)).findFirst();
    }

    /** A label for a finding code on forms: SUBSTANTIATED → Substantiated. */
    public static String label(String finding) {
        String lower = finding.toLowerCase(Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }
}
