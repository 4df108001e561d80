package org.opensafeguarding.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.time.LocalDate;

/**
 * The {@code data} of referrals the demo integrations send, full of invented personal data (the shapes of
 * {@code services/workflow/src/main/resources/schemas/referrals/}), with the facts the reports count as parameters.
 */
final class DemoReferrals {

    static final String LADO = "org.opensafeguarding.referral.lado-allegation";
    static final String CHILD_DEATH = "org.opensafeguarding.referral.child-death-notification";
    static final String SERIOUS_INCIDENT = "org.opensafeguarding.referral.serious-incident-notification";
    static final String SCR = "org.opensafeguarding.referral.serious-case-review-referral";

    private static final ObjectMapper JSON = new ObjectMapper();

    private DemoReferrals() {
    }

    /** A non-urgent allegation the LADO received on {@code received}, reported to the employer the day before. */
    static ObjectNode lado(LocalDate received, String setting, String source) {
        ObjectNode d = JSON.createObjectNode();
        d.put("receivedDate", received.toString());
        d.put("referralSource", source);
        d.set("referrer", contact("Priyanka Wolstenholme"));
        d.put("urgent", false);
        ObjectNode accused = d.putObject("accused");
        accused.put("givenName", "Bartholomew");
        accused.put("familyName", "Quennell");
        accused.put("dateOfBirth", "1981-11-02");
        accused.put("role", "Year 4 class teacher");
        accused.put("employer", "Haverstock Primary Academy");
        accused.put("setting", setting);
        ObjectNode child = d.putArray("children").addObject();
        child.put("givenName", "Jaxon");
        child.put("familyName", "Pembleton");
        child.put("age", 9);
        child.put("sex", "male");
        ObjectNode allegation = d.putObject("allegation");
        allegation.put("incidentDate", received.minusDays(2).toString());
        allegation.put("reportedDate", received.minusDays(1).toString());
        allegation.put("place", "Classroom 4B at the academy");
        allegation.put("narrative", "Pupil disclosed that the teacher grabbed his arm hard enough to bruise.");
        allegation.putArray("harmTestLimbs").add("harmed-child");
        allegation.put("abuseCategory", "physical");
        allegation.put("nonRecent", false);
        return d;
    }

    /** A death on {@code died}, the CDOP told at {@code notifiedAt} (an ISO offset date-time). */
    static ObjectNode childDeath(LocalDate died, String notifiedAt, String sex, String dateOfBirth,
                                 String expectedness, String location) {
        ObjectNode d = JSON.createObjectNode();
        ObjectNode c = child(sex, dateOfBirth);
        d.set("child", c);
        ObjectNode death = d.putObject("death");
        death.put("dateOfDeath", died.toString());
        death.put("timeOfDeath", "03:40");
        death.put("location", location);
        death.put("expectedness", expectedness);
        death.put("postMortemRequired", false);
        d.put("notifiedAt", notifiedAt);
        d.put("circumstances", "Found unresponsive at home, conveyed to St Aldhelm's by ambulance.");
        d.putArray("parentalResponsibility").add("Rosalind Throckmorton");
        d.put("siblingsAtRisk", false);
        ObjectNode professional = d.putArray("professionals").addObject();
        professional.put("name", "Dr Genevieve Ashdown-Pryce");
        professional.put("role", "Consultant paediatrician");
        professional.put("agency", "health");
        d.set("notifier", contact("Dr Genevieve Ashdown-Pryce"));
        return d;
    }

    /** A serious incident on {@code incident}, the local authority aware the next day. */
    static ObjectNode seriousIncident(LocalDate incident, String outcome) {
        ObjectNode d = JSON.createObjectNode();
        d.set("child", child("female", "2016-05-17"));
        d.put("localAuthorityOfIncident", "E08000035");
        ObjectNode i = d.putObject("incident");
        i.put("date", incident.toString());
        i.put("localAuthorityAwareDate", incident.plusDays(1).toString());
        i.put("outcome", outcome);
        i.putArray("abuseNeglectTypes").add("neglect");
        i.put("harmDescription", "Severe malnutrition; the family had disengaged from health visiting.");
        d.putArray("agenciesKnown").add("health").add("education");
        d.put("otherChildrenAffected", 0);
        d.put("rapidReviewThresholdMet", true);
        d.set("notifier", contact("Oluwaseun Fitzwilliam-Barnes"));
        return d;
    }

    /** An SCR referral (Working Together 2013) about an incident on {@code incident}. */
    static ObjectNode scr(LocalDate incident) {
        ObjectNode d = JSON.createObjectNode();
        d.set("child", child("female", "2010-05-17"));
        ObjectNode i = d.putObject("incident");
        i.put("date", incident.toString());
        i.put("outcome", "serious-harm");
        i.put("abuseOrNeglectSuspected", true);
        i.put("localAuthorityOfIncident", "E08000035");
        i.put("summary", "Admitted with fractures inconsistent with the account given.");
        d.put("familyComposition", "Lives with mother and her partner; two half-siblings.");
        d.putArray("agencies").add("health").add("childrens-social-care").add("police");
        d.putObject("criteria").put("concernsAboutAgencyWorking", true);
        d.put("reasonCriteriaMet", "Missed health visitor appointments were never escalated.");
        d.set("referrer", contact("Morwenna Tregothnan"));
        return d;
    }

    private static ObjectNode child(String sex, String dateOfBirth) {
        ObjectNode c = JSON.createObjectNode();
        c.put("givenName", "Ellie-Mae");
        c.put("familyName", "Throckmorton");
        c.put("dateOfBirth", dateOfBirth);
        c.put("nhsNumber", "9434765919");
        c.put("sex", sex);
        c.put("ethnicity", "A");
        ObjectNode address = c.putObject("address");
        address.putArray("lines").add("14 Quillbrook Terrace").add("Haverstock");
        address.put("postcode", "LS6 2QT");
        c.put("localAuthorityOfResidence", "E08000035");
        c.put("lookedAfter", false);
        c.put("childProtectionPlan", false);
        return c;
    }

    private static ObjectNode contact(String name) {
        ObjectNode c = JSON.createObjectNode();
        c.put("name", name);
        c.put("organisation", "Haverstock Primary Academy");
        c.put("role", "Designated safeguarding lead");
        c.put("email", "dsl@haverstock.sch.uk");
        c.put("phone", "0113 496 0000");
        return c;
    }
}
