package org.opensafeguarding.web.referral;

import java.util.List;

import static org.opensafeguarding.web.referral.ReferralField.Type.CHECKBOXES;
import static org.opensafeguarding.web.referral.ReferralField.Type.DATE;
import static org.opensafeguarding.web.referral.ReferralField.Type.DATETIME;
import static org.opensafeguarding.web.referral.ReferralField.Type.NUMBER;
import static org.opensafeguarding.web.referral.ReferralField.Type.SELECT;
import static org.opensafeguarding.web.referral.ReferralField.Type.TEXTAREA;
import static org.opensafeguarding.web.referral.ReferralField.Type.YES_NO;
import static org.opensafeguarding.web.referral.ReferralField.of;
import static org.opensafeguarding.web.referral.ReferralField.text;

/**
 * The referral kinds a person may enter by hand (a phone call, an email), each with the questions of its JSON
 * Schema (services/workflow/src/main/resources/schemas/referrals) a caller usually has. The intake validates the
 * CloudEvent exactly as it does an integration's, so these lists only decide what is asked, never what is valid.
 */
public enum ReferralKind {

    LADO_ALLEGATION("lado-allegation", "LADO allegation", "An allegation or concern about a person who works with children",
            List.of(
                    of("receivedDate", "Date the referral was received", DATE, true, null),
                    of("referralSource", "Who referred", SELECT, true, null, "employer-dsl", "police",
                            "childrens-social-care", "parent-carer", "child", "ofsted", "anonymous", "other"),
                    of("referralChannel", "How the referral reached you", SELECT, false, null, "verbal", "written"),
                    text("referrer.name", "Referrer's name", true),
                    text("referrer.organisation", "Referrer's organisation", false),
                    text("referrer.phone", "Referrer's phone number", false),
                    text("accused.givenName", "Given name of the person the allegation is about", false),
                    text("accused.familyName", "Family name of the person the allegation is about", true),
                    text("accused.role", "Their role", false),
                    text("accused.employer", "Their employer", false),
                    of("accused.setting", "Setting they work in", SELECT, true, null, "education", "foster-care",
                            "early-years", "residential", "health", "faith", "social-care", "transport", "police",
                            "sport-leisure", "voluntary-youth", "secure-estate", "other"),
                    of("children[0].age", "Age of the child", NUMBER, true, "In years, 0 to 25"),
                    of("allegation.reportedDate", "Date the allegation was made", DATE, false, null),
                    of("allegation.abuseCategory", "Category of abuse", SELECT, true, null, "sexual", "physical",
                            "emotional", "neglect", "suitability"),
                    of("allegation.harmTestLimbs", "Which parts of the harm test may apply", CHECKBOXES, true, null,
                            "harmed-child", "criminal-offence", "risk-of-harm", "unsuitable-to-work-with-children"),
                    of("allegation.narrative", "What is alleged", TEXTAREA, true,
                            "What happened, as the referrer told it"),
                    of("urgent", "Does it need a strategy meeting within 72 hours?", YES_NO, false, null))),

    CHILD_DEATH_NOTIFICATION("child-death-notification", "Child death notification",
            "The death of a child, notified to the child death overview panel",
            List.of(
                    text("child.givenName", "Child's given name", false),
                    text("child.familyName", "Child's family name", false),
                    of("child.dateOfBirth", "Child's date of birth", DATE, true, null),
                    of("child.nhsNumber", "NHS number", ReferralField.Type.TEXT, false, "Ten digits, no spaces"),
                    of("death.dateOfDeath", "Date of death", DATE, true, null),
                    of("death.expectedness", "Was the death expected?", SELECT, true, null, "expected",
                            "unexpected", "unknown"),
                    of("death.location", "Where the child died", SELECT, false, null, "home", "hospital",
                            "public-place", "regulated-setting", "other", "unknown"),
                    of("death.postMortemRequired", "Is a post-mortem required?", YES_NO, false, null),
                    of("notifiedAt", "When the CDOP was notified", DATETIME, false,
                            "Leave empty for now"),
                    of("circumstances", "Circumstances", TEXTAREA, false, null),
                    text("notifier.name", "Notifier's name", true),
                    text("notifier.organisation", "Notifier's organisation", false))),

    SERIOUS_CASE_REVIEW_REFERRAL("serious-case-review-referral", "Serious case review referral",
            "A case that may meet the criteria for a serious case review (before the 2018 rules)",
            List.of(
                    of("child.dateOfBirth", "Child's date of birth", DATE, true, null),
                    text("child.givenName", "Child's given name", false),
                    text("child.familyName", "Child's family name", false),
                    of("incident.date", "Date of the incident", DATE, true, null),
                    of("incident.outcome", "Outcome", SELECT, true, null, "death", "serious-harm"),
                    of("incident.abuseOrNeglectSuspected", "Is abuse or neglect known or suspected?", YES_NO, true,
                            null),
                    of("reasonCriteriaMet", "Why the criteria may be met", TEXTAREA, false, null),
                    text("referrer.name", "Referrer's name", true),
                    text("referrer.organisation", "Referrer's organisation", false))),

    SERIOUS_INCIDENT_NOTIFICATION("serious-incident-notification", "Serious incident notification",
            "A serious incident notified to the national panel (2018 rules)",
            List.of(
                    of("child.dateOfBirth", "Child's date of birth", DATE, true, null),
                    text("child.givenName", "Child's given name", false),
                    text("child.familyName", "Child's family name", false),
                    of("localAuthorityOfIncident", "Local authority where it happened", ReferralField.Type.TEXT, true,
                            "ONS code, for example E08000025"),
                    of("incident.date", "Date of the incident", DATE, true, null),
                    of("incident.localAuthorityAwareDate", "Date the local authority became aware", DATE, true, null),
                    of("incident.outcome", "Outcome", SELECT, true, null, "death", "serious-harm"),
                    text("notifier.name", "Notifier's name", true),
                    text("notifier.organisation", "Notifier's organisation", false)));

    private final String slug;
    private final String title;
    private final String description;
    private final List<ReferralField> fields;

    ReferralKind(String slug, String title, String description, List<ReferralField> fields) {
        this.slug = slug;
        this.title = title;
        this.description = description;
        this.fields = fields;
    }

    public String slug() {
        return slug;
    }

    public String title() {
        return title;
    }

    public String description() {
        return description;
    }

    public List<ReferralField> fields() {
        return fields;
    }

    public String eventType() {
        return "org.opensafeguarding.referral." + slug;
    }

    public static ReferralKind bySlug(String slug) {
        for (ReferralKind k : values()) {
            if (k.slug.equals(slug)) {
                return k;
            }
        }
        return null;
    }
}
