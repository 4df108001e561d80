package org.opensafeguarding.workflow.deadlines;

import org.opensafeguarding.calendar.StatutoryTimescale;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.springframework.stereotype.Component;

import java.util.Locale;
import java.util.Optional;

/**
 * What a timescale id means to a caseworker: "L1a: Written follow-up of a verbal referral to the LADO (3 working
 * days)", from the partnership's timescale registry (its own values where it overrides the defaults).
 */
@Component
public class TimescaleLabels {

    private final Tenancy tenancy;

    public TimescaleLabels(Tenancy tenancy) {
        this.tenancy = tenancy;
    }

    /** The label, or the id itself when the registry does not know it (a timescale a form set, ...). */
    public String label(String tenant, String timescaleId) {
        return timescale(tenant, timescaleId)
                .map(t -> timescaleId + ": " + t.description() + " (" + words(t.timescale().toString()) + ")")
                .orElse(timescaleId);
    }

    private Optional<StatutoryTimescale> timescale(String tenant, String timescaleId) {
        String id = DeadlinePlanner.REGISTRY_ALIASES.getOrDefault(timescaleId.toUpperCase(Locale.ROOT), timescaleId);
        return tenancy.forTenant(tenant).timescales().find(id);
    }

    /** "3 WORKING_DAYS" as "3 working days". */
    private static String words(String timescale) {
        return timescale.toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
