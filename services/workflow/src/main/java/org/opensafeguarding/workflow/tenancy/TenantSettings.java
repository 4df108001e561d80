package org.opensafeguarding.workflow.tenancy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One tenant's (partnership's) settings for the case processes. Every field may be left out: a tenant's value
 * wins over {@code safeguarding.tenancy.defaults}, which wins over the built-in defaults in {@link #BUILT_IN}.
 *
 * @param defaultTaskTurnaround    ISO 8601 duration for user tasks without a statutory timescale
 *                                 ({@code =now() + duration(defaultTaskTurnaround)})
 * @param escalationTurnaround     ISO 8601 duration for deadline escalation tasks
 * @param reviewMeetingCycle       LADO review meetings while strands run: an ISO 8601 repeating interval
 *                                 ({@code R/P4W}); the POT meeting form may change it per case
 * @param actionPlanReviewInterval SCR / practice review: time between action-plan reviews (ISO 8601 duration)
 * @param timescales               overrides of [N], [L] and [V] timescales by DOMAIN id, e.g. {@code C1: 24 HOURS};
 *                                 [S] and [G] ones are refused at start-up (services/calendar README)
 * @param localTimescales          timescales the models use that DOMAIN does not define, e.g. {@code CRF}
 *                                 (reporting-form return period, docs/processes.md §3.2)
 * @param agencies                 the tenant's agencies: ids (the codes referrals use) with a label for forms
 */
public record TenantSettings(String defaultTaskTurnaround, String escalationTurnaround, String reviewMeetingCycle,
                             String actionPlanReviewInterval, Map<String, String> timescales,
                             Map<String, String> localTimescales, List<Agency> agencies) {

    /** @param id an agency code (as in referrals' {@code agency} fields); @param label shown on forms */
    public record Agency(String id, String label) {
    }

    /**
     * Built-in defaults: turnarounds and cycles are local practice, chosen here as sensible starting values;
     * CRF has no national figure (DOMAIN §4.4 #5 says "local"); the agencies are the agency codes of the referral
     * schemas (common.v1.json).
     */
    public static final TenantSettings BUILT_IN = new TenantSettings("P5D", "P2D", "R/P4W", "P3M", Map.of(),
            Map.of("CRF", "20 WORKING_DAYS"),
            List.of(new Agency("police", "Police"),
                    new Agency("childrens-social-care", "Children's social care"),
                    new Agency("health", "Health"),
                    new Agency("education", "Education"),
                    new Agency("early-years", "Early years"),
                    new Agency("probation", "Probation"),
                    new Agency("youth-justice", "Youth justice"),
                    new Agency("housing", "Housing"),
                    new Agency("voluntary-sector", "Voluntary sector"),
                    new Agency("ambulance", "Ambulance service"),
                    new Agency("coroner", "Coroner"),
                    new Agency("other", "Other agency")));

    /** This tenant's settings over {@code base}: each field this one sets wins; maps are merged key by key. */
    public TenantSettings over(TenantSettings base) {
        return new TenantSettings(
                first(defaultTaskTurnaround, base.defaultTaskTurnaround),
                first(escalationTurnaround, base.escalationTurnaround),
                first(reviewMeetingCycle, base.reviewMeetingCycle),
                first(actionPlanReviewInterval, base.actionPlanReviewInterval),
                merge(base.timescales, timescales),
                merge(base.localTimescales, localTimescales),
                agencies == null || agencies.isEmpty() ? base.agencies : agencies);
    }

    private static String first(String value, String fallback) {
        return value == null || value.isBlank() ? fallback : value.trim();
    }

    private static Map<String, String> merge(Map<String, String> base, Map<String, String> over) {
        Map<String, String> merged = new LinkedHashMap<>();
        if (base != null) {
            merged.putAll(base);
        }
        if (over != null) {
            // ids match ignoring case (environment variables arrive lower-cased), so an override replaces its default
            over.forEach((id, value) -> {
                merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(id));
                merged.put(id, value);
            });
        }
        return merged;
    }
}
