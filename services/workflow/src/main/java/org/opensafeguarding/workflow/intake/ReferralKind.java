package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.pseudonym.AgeBand;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The referral kinds the intake accepts, one per CloudEvents {@code type}, each with its JSON Schema and the
 * few facts the workflow needs from it: the trigger date that pins the regime, the process routing flags
 * (booleans and codes only, because process variables leave this database) and the reporting categories
 * (codes only, because they go into pseudonymised events).
 */
public enum ReferralKind {

    LADO_ALLEGATION("lado-allegation", CaseType.LADO_ALLEGATION, "/receivedDate", null) {
        @Override
        Map<String, Object> routingFlags(JsonNode data) {
            Map<String, Object> flags = new LinkedHashMap<>();
            flags.put("urgent", data.path("urgent").asBoolean(false));
            flags.put("nonRecent", data.at("/allegation/nonRecent").asBoolean(false));
            flags.put("criminalOffenceAlleged", codes(data.at("/allegation/harmTestLimbs")).contains("criminal-offence"));
            return flags;
        }

        @Override
        Map<String, Object> categories(JsonNode data) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("referralSource", data.path("referralSource").asText());
            c.put("setting", data.at("/accused/setting").asText());
            c.put("abuseCategory", data.at("/allegation/abuseCategory").asText());
            c.put("harmTestLimbs", codes(data.at("/allegation/harmTestLimbs")));
            c.put("nonRecent", data.at("/allegation/nonRecent").asBoolean(false));
            c.put("urgent", data.path("urgent").asBoolean(false));
            c.put("childrenCount", data.path("children").size());
            c.put("crossAuthority", data.at("/accused/worksInAnotherAuthority").asBoolean(false));
            return c;
        }

        @Override
        Map<String, Object> startVariables(JsonNode data, Instant receivedAt) {
            Map<String, Object> v = new LinkedHashMap<>();
            LocalDate received = LocalDate.parse(data.path("receivedDate").asText());
            // today's referral carries the moment it arrived; a back-dated one the start of its day
            v.put("referralReceivedAt", received.equals(receivedAt.atZone(LONDON).toLocalDate())
                    ? dateTime(receivedAt) : startOfDay(received));
            JsonNode reported = data.at("/allegation/reportedDate");
            if (reported.isTextual()) {
                v.put("allegationReportedAt", startOfDay(LocalDate.parse(reported.asText())));
            }
            v.put("referralChannel", "verbal".equals(data.path("referralChannel").asText()) ? "VERBAL" : "WRITTEN");
            return v;
        }

        @Override
        AgeBand ageBand(JsonNode data, LocalDate triggerDate) {
            // the first child named is the subject for reporting; the count says how many there were
            JsonNode age = data.at("/children/0/age");
            return age.isInt() ? AgeBand.fromYears(age.asInt()) : AgeBand.UNKNOWN;
        }
    },

    CHILD_DEATH_NOTIFICATION("child-death-notification", CaseType.CHILD_DEATH, "/death/dateOfDeath", "/child/dateOfBirth") {
        @Override
        Map<String, Object> routingFlags(JsonNode data) {
            Map<String, Object> flags = new LinkedHashMap<>();
            flags.put("unexpectedDeath", "unexpected".equals(data.at("/death/expectedness").asText()));
            flags.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            flags.put("siblingsAtRisk", data.path("siblingsAtRisk").asBoolean(false));
            return flags;
        }

        @Override
        Map<String, Object> startVariables(JsonNode data, Instant receivedAt) {
            Map<String, Object> v = new LinkedHashMap<>();
            LocalDate day = LocalDate.parse(data.at("/death/dateOfDeath").asText());
            JsonNode time = data.at("/death/timeOfDeath");
            // the C1-C3 clocks start at the death; a date without a time starts at the beginning of that day
            v.put("deathConfirmedAt", time.isTextual()
                    ? DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(day.atTime(LocalTime.parse(time.asText())).atZone(LONDON))
                    : startOfDay(day));
            // the CDOP's own record of when it was told (C1 stop), else the moment intake received the referral
            JsonNode notified = data.path("notifiedAt");
            v.put("notifiedAt", dateTime(notified.isTextual() ? OffsetDateTime.parse(notified.asText()).toInstant()
                    : receivedAt));
            List<String> agencies = new ArrayList<>();
            data.path("professionals").forEach(p -> {
                String agency = p.path("agency").asText();
                if (!agency.isEmpty() && !agencies.contains(agency)) {
                    agencies.add(agency);
                }
            });
            v.put("involvedAgencyIds", agencies);
            return v;
        }

        @Override
        Map<String, Object> categories(JsonNode data) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("expectedness", data.at("/death/expectedness").asText());
            putIfPresent(c, "location", data.at("/death/location"));
            putIfPresent(c, "sex", data.at("/child/sex"));
            putIfPresent(c, "localAuthorityOfResidence", data.at("/child/localAuthorityOfResidence"));
            c.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            c.put("childProtectionPlan", data.at("/child/childProtectionPlan").asBoolean(false));
            c.put("postMortemRequired", data.at("/death/postMortemRequired").asBoolean(false));
            return c;
        }
    },

    SERIOUS_CASE_REVIEW_REFERRAL("serious-case-review-referral", CaseType.SERIOUS_CASE_REVIEW, "/incident/date", "/child/dateOfBirth") {
        @Override
        Map<String, Object> routingFlags(JsonNode data) {
            Map<String, Object> flags = new LinkedHashMap<>();
            flags.put("childDied", "death".equals(data.at("/incident/outcome").asText()));
            flags.put("abuseOrNeglectSuspected", data.at("/incident/abuseOrNeglectSuspected").asBoolean(false));
            flags.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            return flags;
        }

        @Override
        Map<String, Object> startVariables(JsonNode data, Instant receivedAt) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("referralReceivedAt", dateTime(receivedAt));
            // a referral to the partnership makes the local authority aware at the latest (R1 / T1 clock start)
            v.put("laAwareAt", dateTime(receivedAt));
            v.put("agencyIds", codes(data.path("agencies")));
            return v;
        }

        @Override
        Map<String, Object> categories(JsonNode data) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("incidentOutcome", data.at("/incident/outcome").asText());
            c.put("abuseOrNeglectSuspected", data.at("/incident/abuseOrNeglectSuspected").asBoolean(false));
            putIfPresent(c, "sex", data.at("/child/sex"));
            putIfPresent(c, "localAuthorityOfIncident", data.at("/incident/localAuthorityOfIncident"));
            c.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            c.put("agencies", codes(data.path("agencies")));
            return c;
        }
    },

    SERIOUS_INCIDENT_NOTIFICATION("serious-incident-notification", CaseType.SERIOUS_INCIDENT, "/incident/date", "/child/dateOfBirth") {
        @Override
        Map<String, Object> routingFlags(JsonNode data) {
            Map<String, Object> flags = new LinkedHashMap<>();
            flags.put("childDied", "death".equals(data.at("/incident/outcome").asText()));
            flags.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            return flags;
        }

        @Override
        Map<String, Object> startVariables(JsonNode data, Instant receivedAt) {
            Map<String, Object> v = new LinkedHashMap<>();
            v.put("referralReceivedAt", dateTime(receivedAt));
            v.put("laAwareAt", startOfDay(LocalDate.parse(data.at("/incident/localAuthorityAwareDate").asText())));
            // only the 2013 SCR model reads it (a notification before the SIN duty was a notifiable incident)
            v.put("notifiableIncident", true);
            v.put("agencyIds", codes(data.path("agenciesKnown")));
            return v;
        }

        @Override
        Map<String, Object> categories(JsonNode data) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("incidentOutcome", data.at("/incident/outcome").asText());
            c.put("abuseNeglectTypes", codes(data.at("/incident/abuseNeglectTypes")));
            c.put("localAuthorityOfIncident", data.path("localAuthorityOfIncident").asText());
            putIfPresent(c, "localAuthorityOfResidence", data.at("/child/localAuthorityOfResidence"));
            putIfPresent(c, "sex", data.at("/child/sex"));
            c.put("lookedAfter", data.at("/child/lookedAfter").asBoolean(false));
            c.put("childProtectionPlan", data.at("/child/childProtectionPlan").asBoolean(false));
            c.put("childInNeed", data.at("/child/childInNeed").asBoolean(false));
            c.put("otherChildrenAffected", data.path("otherChildrenAffected").asInt(0));
            return c;
        }
    };

    public static final String TYPE_PREFIX = "org.opensafeguarding.referral.";

    private final String name;
    private final CaseType caseType;
    private final String triggerDatePointer;
    private final String birthDatePointer;

    ReferralKind(String name, CaseType caseType, String triggerDatePointer, String birthDatePointer) {
        this.name = name;
        this.caseType = caseType;
        this.triggerDatePointer = triggerDatePointer;
        this.birthDatePointer = birthDatePointer;
    }

    /** Short name, also the schema file name: {@code schemas/referrals/<name>.v1.json}. */
    public String kindName() {
        return name;
    }

    public String cloudEventType() {
        return TYPE_PREFIX + name;
    }

    public String schemaPath() {
        return "schemas/referrals/" + name + ".v1.json";
    }

    public CaseType caseType() {
        return caseType;
    }

    public static Optional<ReferralKind> forType(String cloudEventType) {
        return Arrays.stream(values()).filter(k -> k.cloudEventType().equals(cloudEventType)).findFirst();
    }

    /** The schema has already checked the date's presence and format. */
    LocalDate triggerDate(JsonNode data) {
        return LocalDate.parse(data.at(triggerDatePointer).asText());
    }

    LocalDate subjectBirthDate(JsonNode data) {
        if (birthDatePointer == null) {
            return null;
        }
        JsonNode dob = data.at(birthDatePointer);
        return dob.isTextual() ? LocalDate.parse(dob.asText()) : null;
    }

    AgeBand ageBand(JsonNode data, LocalDate triggerDate) {
        return AgeBand.at(subjectBirthDate(data), triggerDate);
    }

    abstract Map<String, Object> routingFlags(JsonNode data);

    /**
     * The start variables the kind's process reads besides the routing flags (docs/processes.md §§2.4, 3.4, 4.4,
     * 5.4): clock-start date-times (ISO 8601 with the London offset), the referral channel, agency ids. Dates and
     * codes only; a date without a time is the start of that day in London.
     *
     * @param receivedAt when intake received the referral
     */
    abstract Map<String, Object> startVariables(JsonNode data, Instant receivedAt);

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    private static String dateTime(Instant at) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(at.atZone(LONDON));
    }

    private static String startOfDay(LocalDate day) {
        return DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(day.atStartOfDay(LONDON));
    }

    abstract Map<String, Object> categories(JsonNode data);

    private static List<String> codes(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static void putIfPresent(Map<String, Object> into, String name, JsonNode value) {
        if (value.isTextual()) {
            into.put(name, value.asText());
        }
    }
}
