package org.opensafeguarding.workflow.tenancy;

import org.opensafeguarding.calendar.Timescale;
import org.opensafeguarding.calendar.TimescaleRegistry;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.stereotype.Component;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Period;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The settings of each tenant, checked once at start-up so a bad value (an [S]/[G] timescale override, a duration
 * that is not ISO 8601) stops the service with a message naming it, instead of failing cases later.
 */
@Component
@EnableConfigurationProperties(TenancyProperties.class)
public class Tenancy {

    private final TenantSettings defaults;
    private final Map<String, TenantConfig> configured = new LinkedHashMap<>();
    private final Map<String, TenantConfig> others = new ConcurrentHashMap<>();
    private final TimescaleRegistry bundled = TimescaleRegistry.loadDefault();

    public Tenancy(TenancyProperties properties) {
        this.defaults = properties.defaults() == null ? TenantSettings.BUILT_IN
                : properties.defaults().over(TenantSettings.BUILT_IN);
        List<String> problems = new ArrayList<>();
        TenantConfig fallback = resolve("(defaults)", defaults, problems);
        properties.tenants().forEach((tenant, settings) -> {
            TenantConfig config = resolve(tenant, settings == null ? defaults : settings.over(defaults), problems);
            if (config != null) {
                configured.put(tenant, config);
            }
        });
        if (!problems.isEmpty() || fallback == null) {
            throw new IllegalStateException("Invalid tenant settings (safeguarding.tenancy):\n  - "
                    + String.join("\n  - ", problems));
        }
    }

    /** The tenant's configuration; a tenant with no entry of its own gets the defaults. */
    public TenantConfig forTenant(String tenant) {
        TenantConfig config = configured.get(tenant);
        if (config != null) {
            return config;
        }
        return others.computeIfAbsent(tenant, t -> resolve(t, defaults, new ArrayList<>()));
    }

    private TenantConfig resolve(String tenant, TenantSettings settings, List<String> problems) {
        int before = problems.size();
        checkDuration(tenant, "default-task-turnaround", settings.defaultTaskTurnaround(), problems);
        checkDuration(tenant, "escalation-turnaround", settings.escalationTurnaround(), problems);
        checkDuration(tenant, "action-plan-review-interval", settings.actionPlanReviewInterval(), problems);
        String cycle = settings.reviewMeetingCycle();
        if (cycle == null || !cycle.startsWith("R") || !cycle.contains("/")) {
            problems.add(tenant + ": review-meeting-cycle '" + cycle + "' is not an ISO 8601 repeating interval such as R/P4W");
        } else {
            checkDuration(tenant, "review-meeting-cycle", cycle.substring(cycle.lastIndexOf('/') + 1), problems);
        }
        TimescaleRegistry registry = bundled;
        try {
            registry = bundled.withOverrides(settings.timescales());
        } catch (IllegalArgumentException e) {
            problems.add(tenant + ": timescales: " + e.getMessage());
        }
        Map<String, Timescale> local = new LinkedHashMap<>();
        settings.localTimescales().forEach((id, text) -> {
            if (bundled.find(id).isPresent()) {
                problems.add(tenant + ": local-timescales." + id + " is a DOMAIN timescale; override it under timescales");
                return;
            }
            try {
                local.put(id, Timescale.parse(text));
            } catch (IllegalArgumentException e) {
                problems.add(tenant + ": local-timescales." + id + ": " + e.getMessage());
            }
        });
        if (settings.agencies() == null || settings.agencies().stream().anyMatch(a -> a == null || a.id() == null
                || a.id().isBlank() || a.label() == null || a.label().isBlank())) {
            problems.add(tenant + ": agencies need an id and a label each");
        }
        return problems.size() == before ? new TenantConfig(tenant, settings, registry, Map.copyOf(local)) : null;
    }

    private static void checkDuration(String tenant, String name, String value, List<String> problems) {
        if (value == null) {
            problems.add(tenant + ": " + name + " is missing");
            return;
        }
        try {
            int t = value.indexOf('T');
            if (t < 0) {
                Period.parse(value);
            } else if (t == 1) {
                Duration.parse(value);
            } else {
                Period.parse(value.substring(0, t));
                Duration.parse("P" + value.substring(t));
            }
        } catch (DateTimeException e) {
            problems.add(tenant + ": " + name + " '" + value + "' is not an ISO 8601 duration such as P5D or PT48H");
        }
    }
}
