package org.opensafeguarding.workflow.tenancy;

import org.opensafeguarding.calendar.Timescale;
import org.opensafeguarding.calendar.TimescaleRegistry;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A tenant's settings, resolved and checked: the timescale registry with the tenant's overrides applied and the
 * local timescales parsed.
 */
public record TenantConfig(String tenant, TenantSettings settings, TimescaleRegistry timescales,
                           Map<String, Timescale> localTimescales) {

    public String defaultTaskTurnaround() {
        return settings.defaultTaskTurnaround();
    }

    public String escalationTurnaround() {
        return settings.escalationTurnaround();
    }

    public String reviewMeetingCycle() {
        return settings.reviewMeetingCycle();
    }

    public String actionPlanReviewInterval() {
        return settings.actionPlanReviewInterval();
    }

    public List<TenantSettings.Agency> agencies() {
        return settings.agencies();
    }

    /** A local timescale by id, ignoring case like the registry does. */
    public Optional<Timescale> localTimescale(String id) {
        return localTimescales.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(id))
                .map(Map.Entry::getValue).findFirst();
    }
}
