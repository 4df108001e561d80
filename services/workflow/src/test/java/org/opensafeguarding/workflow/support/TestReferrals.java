package org.opensafeguarding.workflow.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.opensafeguarding.workflow.intake.ReferralKind;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Referrals full of (invented) personal data, so tests can prove none of it leaves the service. Every string
 * that must never appear downstream is listed by {@link #sensitiveValues(JsonNode)}.
 */
public final class TestReferrals {

    public static final ObjectMapper JSON = new ObjectMapper();

    private TestReferrals() {
    }

    public static ObjectNode envelope(ReferralKind kind, String id, JsonNode data) {
        ObjectNode e = JSON.createObjectNode();
        e.put("specversion", "1.0");
        e.put("id", id);
        e.put("source", "urn:test:mash");
        e.put("type", kind.cloudEventType());
        e.put("time", "2024-03-04T09:15:00Z");
        e.put("datacontenttype", "application/json");
        e.set("data", data);
        return e;
    }

    public static ObjectNode valid(ReferralKind kind) {
        return envelope(kind, UUID.randomUUID().toString(), data(kind));
    }

    public static byte[] bytes(JsonNode node) {
        return node.toString().getBytes(StandardCharsets.UTF_8);
    }

    public static ObjectNode data(ReferralKind kind) {
        return switch (kind) {
            case LADO_ALLEGATION -> lado();
            case CHILD_DEATH_NOTIFICATION -> childDeath();
            case SERIOUS_CASE_REVIEW_REFERRAL -> scr();
            case SERIOUS_INCIDENT_NOTIFICATION -> sin();
        };
    }

    static ObjectNode child() {
        ObjectNode c = JSON.createObjectNode();
        c.put("givenName", "Ellie-Mae");
        c.put("familyName", "Throckmorton");
        c.put("dateOfBirth", "2016-05-17");
        c.put("nhsNumber", "9434765919");
        c.put("sex", "female");
        c.put("ethnicity", "A");
        ObjectNode address = c.putObject("address");
        address.putArray("lines").add("14 Quillbrook Terrace").add("Haverstock");
        address.put("postcode", "LS6 2QT");
        c.put("localAuthorityOfResidence", "E08000035");
        c.put("lookedAfter", true);
        c.put("childProtectionPlan", false);
        return c;
    }

    static ObjectNode contact(String name) {
        ObjectNode c = JSON.createObjectNode();
        c.put("name", name);
        c.put("organisation", "Haverstock Primary Academy");
        c.put("role", "Designated safeguarding lead");
        c.put("email", "dsl@haverstock.sch.uk");
        c.put("phone", "0113 496 0000");
        return c;
    }

    static ObjectNode lado() {
        ObjectNode d = JSON.createObjectNode();
        d.put("receivedDate", "2024-03-04");
        d.put("referralSource", "employer-dsl");
        d.set("referrer", contact("Priyanka Wolstenholme"));
        d.put("urgent", true);
        ObjectNode accused = d.putObject("accused");
        accused.put("givenName", "Bartholomew");
        accused.put("familyName", "Quennell");
        accused.put("dateOfBirth", "1981-11-02");
        accused.put("role", "Year 4 class teacher");
        accused.put("employer", "Haverstock Primary Academy");
        accused.put("setting", "education");
        accused.put("regulatedProfession", "teacher");
        accused.put("registrationNumber", "TRN 7719302");
        ObjectNode child = d.putArray("children").addObject();
        child.put("givenName", "Jaxon");
        child.put("familyName", "Pembleton");
        child.put("age", 9);
        child.put("sex", "male");
        ObjectNode allegation = d.putObject("allegation");
        allegation.put("incidentDate", "2024-03-01");
        allegation.put("place", "Classroom 4B at the academy");
        allegation.put("narrative", "Pupil disclosed that the teacher grabbed his arm hard enough to bruise during a lesson.");
        allegation.putArray("harmTestLimbs").add("harmed-child").add("criminal-offence");
        allegation.put("abuseCategory", "physical");
        allegation.put("nonRecent", false);
        return d;
    }

    static ObjectNode childDeath() {
        ObjectNode d = JSON.createObjectNode();
        d.set("child", child());
        ObjectNode death = d.putObject("death");
        death.put("dateOfDeath", "2024-02-11");
        death.put("timeOfDeath", "03:40");
        death.put("location", "hospital");
        death.put("expectedness", "unexpected");
        death.put("postMortemRequired", true);
        d.put("circumstances", "Found unresponsive at home by her stepfather, conveyed to St Aldhelm's by ambulance.");
        d.put("carerAtTimeOfDeath", "Stepfather, Declan Ormsby-Fairweather");
        d.putArray("parentalResponsibility").add("Rosalind Throckmorton");
        d.put("gp", "Dr Ishaan Venkataraghavan, Moorside Surgery");
        d.put("siblingsAtRisk", true);
        ObjectNode professional = d.putArray("professionals").addObject();
        professional.put("name", "Dr Genevieve Ashdown-Pryce");
        professional.put("role", "Consultant paediatrician");
        professional.put("agency", "health");
        d.set("notifier", contact("Dr Genevieve Ashdown-Pryce"));
        return d;
    }

    static ObjectNode scr() {
        ObjectNode d = JSON.createObjectNode();
        d.set("child", child());
        ObjectNode incident = d.putObject("incident");
        incident.put("date", "2017-08-20");
        incident.put("outcome", "serious-harm");
        incident.put("abuseOrNeglectSuspected", true);
        incident.put("localAuthorityOfIncident", "E08000035");
        incident.put("summary", "Admitted with fractures inconsistent with the account given by the mother's partner.");
        d.put("familyComposition", "Lives with mother Rosalind and her partner; two half-siblings aged 3 and 6.");
        d.putArray("agencies").add("health").add("childrens-social-care").add("police");
        d.putObject("criteria").put("concernsAboutAgencyWorking", true);
        d.put("reasonCriteriaMet", "Missed health visitor appointments were never escalated by any agency.");
        d.set("referrer", contact("Morwenna Tregothnan"));
        return d;
    }

    static ObjectNode sin() {
        ObjectNode d = JSON.createObjectNode();
        d.set("child", child());
        d.put("localAuthorityOfIncident", "E08000035");
        ObjectNode incident = d.putObject("incident");
        incident.put("date", "2024-01-09");
        incident.put("localAuthorityAwareDate", "2024-01-10");
        incident.put("outcome", "death");
        incident.putArray("abuseNeglectTypes").add("neglect");
        incident.put("harmDescription", "Severe malnutrition; the family had disengaged from the health visiting service.");
        d.putArray("agenciesKnown").add("health").add("education");
        d.put("otherChildrenAffected", 2);
        d.put("rapidReviewThresholdMet", true);
        d.set("notifier", contact("Oluwaseun Fitzwilliam-Barnes"));
        return d;
    }

    /**
     * Every personal or free-text value in a referral: names, NHS numbers, addresses, postcodes, dates of birth,
     * contact details and narratives. Codes, booleans, counts and non-birth dates are left out.
     */
    public static List<String> sensitiveValues(JsonNode referralData) {
        List<String> out = new ArrayList<>();
        collect(referralData, "", out);
        return out;
    }

    private static final List<String> SENSITIVE_FIELDS = List.of("givenName", "familyName", "name", "nhsNumber",
            "dateOfBirth", "lines", "postcode", "email", "phone", "narrative", "circumstances", "summary",
            "familyComposition", "reasonCriteriaMet", "harmDescription", "carerAtTimeOfDeath", "parentalResponsibility",
            "gp", "place", "role", "employer", "organisation", "registrationNumber", "regulatedProfession", "timeOfDeath");

    private static void collect(JsonNode node, String field, List<String> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> collect(e.getValue(), e.getKey(), out));
        } else if (node.isArray()) {
            node.forEach(item -> collect(item, field, out));
        } else if (node.isTextual() && SENSITIVE_FIELDS.contains(field)) {
            out.add(node.asText());
        }
    }
}
