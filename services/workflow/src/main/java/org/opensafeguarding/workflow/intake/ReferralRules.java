package org.opensafeguarding.workflow.intake;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.events.CloudEvents;
import org.opensafeguarding.workflow.intake.ReferralValidator.Violation;
import org.opensafeguarding.workflow.workers.JobInput;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the schemas cannot say and the law and the calendar do, checked after a referral's data passed its schema
 * (docs/events.md, "Semantic rules"): dates in the order things happen, none in the future or before the floor,
 * required text that is not blank, and every value a later worker would refuse (a tenant that is not a code, a
 * clock start outside the working-day calendar). Pure: the clock and the limits are given.
 *
 * <p>Messages name fields, never values: the referral is personal data.
 */
final class ReferralRules {

    static final String DATE_ORDER = "date-order";
    static final String NOT_FUTURE = "not-future";
    static final String DATE_FLOOR = "date-floor";
    static final String USABLE_DATE = "usable-date";
    static final String WORKING_DAY_CALENDAR = "working-day-calendar";
    static final String NOT_BLANK = "not-blank";
    static final String TENANT_CODE = "tenant-code";

    private static final ZoneId LONDON = ZoneId.of("Europe/London");

    /**
     * A date the data may carry: {@code clockStart} when {@link ReferralKind#startVariables} makes a deadline's clock
     * start of it, so the working-day calendar must cover it.
     */
    private record DateField(String pointer, boolean dateTime, boolean clockStart) {
    }

    /** {@code earlier} must not be after {@code later}; a violation is reported on the later field. */
    private record Order(String earlier, String later) {
    }

    private record KindRules(List<DateField> dates, List<Order> orders, List<String> requiredText) {
    }

    private static final Map<ReferralKind, KindRules> RULES = new EnumMap<>(ReferralKind.class);

    static {
        RULES.put(ReferralKind.LADO_ALLEGATION, new KindRules(
                List.of(date("/accused/dateOfBirth"), date("/allegation/incidentDate"),
                        clockStart("/allegation/reportedDate"), clockStart("/receivedDate")),
                // DOMAIN §5.2: the harm happens, someone raises it, then the LADO receives the referral
                List.of(new Order("/accused/dateOfBirth", "/allegation/incidentDate"),
                        new Order("/accused/dateOfBirth", "/allegation/reportedDate"),
                        new Order("/accused/dateOfBirth", "/receivedDate"),
                        new Order("/allegation/incidentDate", "/allegation/reportedDate"),
                        new Order("/allegation/incidentDate", "/receivedDate"),
                        new Order("/allegation/reportedDate", "/receivedDate")),
                List.of("/referrer/name", "/accused/familyName", "/allegation/narrative")));
        RULES.put(ReferralKind.CHILD_DEATH_NOTIFICATION, new KindRules(
                List.of(date("/child/dateOfBirth"), clockStart("/death/dateOfDeath"),
                        new DateField("/notifiedAt", true, true)),
                // DOMAIN §4.4: born, died, then the CDOP is notified
                List.of(new Order("/child/dateOfBirth", "/death/dateOfDeath"),
                        new Order("/child/dateOfBirth", "/notifiedAt"),
                        new Order("/death/dateOfDeath", "/notifiedAt")),
                List.of("/notifier/name")));
        RULES.put(ReferralKind.SERIOUS_CASE_REVIEW_REFERRAL, new KindRules(
                List.of(date("/child/dateOfBirth"), date("/incident/date")),
                List.of(new Order("/child/dateOfBirth", "/incident/date")),
                List.of("/referrer/name")));
        RULES.put(ReferralKind.SERIOUS_INCIDENT_NOTIFICATION, new KindRules(
                List.of(date("/child/dateOfBirth"), date("/incident/date"),
                        clockStart("/incident/localAuthorityAwareDate")),
                // DOMAIN §3.7: the incident, then the LA becomes aware, then it notifies (received now)
                List.of(new Order("/child/dateOfBirth", "/incident/date"),
                        new Order("/child/dateOfBirth", "/incident/localAuthorityAwareDate"),
                        new Order("/incident/date", "/incident/localAuthorityAwareDate")),
                List.of("/notifier/name")));
    }

    /** Names of the {@code name} definition in common.v1.json: a name, when given, is never blank. */
    private static final List<String> NAME_MEMBERS = List.of("givenName", "familyName", "name");

    private final Clock clock;
    private final Duration clockSkew;
    private final LocalDate earliestDate;
    private final LocalDate calendarFirst;
    private final LocalDate calendarLast;

    /**
     * @param calendarFirst first day the working-day calendar covers: a clock start before it cannot be planned
     * @param calendarLast  last day it covers
     */
    ReferralRules(Clock clock, Duration clockSkew, LocalDate earliestDate, LocalDate calendarFirst,
                  LocalDate calendarLast) {
        this.clock = clock;
        this.clockSkew = clockSkew;
        this.earliestDate = earliestDate;
        this.calendarFirst = calendarFirst;
        this.calendarLast = calendarLast;
    }

    /** Every violation, in a stable order; the data already passed the kind's schema. */
    List<Violation> check(JsonNode envelope, ReferralKind kind) {
        List<Violation> out = new ArrayList<>();
        checkTenant(envelope, out);
        JsonNode data = envelope.path(CloudEvents.DATA);
        String prefix = "/" + CloudEvents.DATA;
        KindRules rules = RULES.get(kind);
        Instant latest = clock.instant().plus(clockSkew);
        LocalDate latestDay = latest.atZone(LONDON).toLocalDate();
        Map<String, Instant> instants = new HashMap<>();
        Map<String, LocalDate> days = new HashMap<>();
        for (DateField field : rules.dates()) {
            JsonNode value = data.at(field.pointer());
            if (!value.isTextual()) {
                continue;
            }
            String at = prefix + field.pointer();
            LocalDate day;
            Instant instant;
            try {
                if (field.dateTime()) {
                    instant = OffsetDateTime.parse(value.asText()).toInstant();
                    day = instant.atZone(LONDON).toLocalDate();
                } else {
                    day = LocalDate.parse(value.asText());
                    instant = null;
                }
            } catch (DateTimeException e) {
                // RFC 3339 allows what java.time does not read (a lower-case t or z, a leap second)
                out.add(new Violation(at, USABLE_DATE, at + ": not a date-time this service can read; use the form"
                        + " 2024-03-04T09:15:00Z or 2024-03-04T09:15:00+01:00"));
                continue;
            }
            days.put(field.pointer(), day);
            if (instant != null) {
                instants.put(field.pointer(), instant);
            }
            if (day.isBefore(earliestDate)) {
                out.add(new Violation(at, DATE_FLOOR, at + ": must not be before " + earliestDate
                        + " (safeguarding.intake.earliest-date)"));
            } else if (instant != null ? instant.isAfter(latest) : day.isAfter(latestDay)) {
                out.add(new Violation(at, NOT_FUTURE, at + ": must not be in the future"));
            } else if (field.clockStart() && (day.isBefore(calendarFirst) || day.isAfter(calendarLast))) {
                out.add(new Violation(at, WORKING_DAY_CALENDAR, at + ": deadlines run from this date, and the"
                        + " working-day calendar covers " + calendarFirst + " to " + calendarLast + " only"));
            }
        }
        deathTime(data, instants);
        for (Order order : rules.orders()) {
            if (before(order.later(), order.earlier(), days, instants)) {
                String later = prefix + order.later();
                out.add(new Violation(later, DATE_ORDER, later + ": must not be before " + prefix + order.earlier()));
            }
        }
        for (String pointer : rules.requiredText()) {
            JsonNode value = data.at(pointer);
            if (value.isTextual() && isBlank(value.asText())) {
                out.add(blank(prefix + pointer));
            }
        }
        blankNames(data, prefix, rules.requiredText(), out);
        return out;
    }

    private void checkTenant(JsonNode envelope, List<Violation> out) {
        JsonNode tenant = envelope.path(CloudEvents.TENANTID);
        if (tenant.isTextual() && !JobInput.CODE.matcher(tenant.asText()).matches()) {
            String at = "/" + CloudEvents.TENANTID;
            out.add(new Violation(at, TENANT_CODE, at + ": not a tenant code the case can be opened with"
                    + " (at most 64 letters, digits, _ . : -)"));
        }
    }

    /** A time of death makes the death an instant, so a notification earlier that day is out of order too. */
    private static void deathTime(JsonNode data, Map<String, Instant> instants) {
        JsonNode day = data.at("/death/dateOfDeath");
        JsonNode time = data.at("/death/timeOfDeath");
        if (day.isTextual() && time.isTextual()) {
            try {
                instants.put("/death/dateOfDeath",
                        LocalDate.parse(day.asText()).atTime(LocalTime.parse(time.asText())).atZone(LONDON).toInstant());
            } catch (DateTimeException e) {
                // the schema checked both; an unusable date is reported by the date checks
            }
        }
    }

    /** Compared as instants when both have one, else by London day. */
    private static boolean before(String later, String earlier, Map<String, LocalDate> days, Map<String, Instant> instants) {
        if (!days.containsKey(later) || !days.containsKey(earlier)) {
            return false;
        }
        if (instants.containsKey(later) && instants.containsKey(earlier)) {
            return instants.get(later).isBefore(instants.get(earlier));
        }
        return days.get(later).isBefore(days.get(earlier));
    }

    /** Every name given anywhere in the data, besides the required ones already checked. */
    private static void blankNames(JsonNode node, String pointer, List<String> checked, List<Violation> out) {
        if (node.isObject()) {
            node.fields().forEachRemaining(member -> {
                String child = pointer + "/" + member.getKey();
                JsonNode value = member.getValue();
                if (NAME_MEMBERS.contains(member.getKey()) && value.isTextual()) {
                    if (isBlank(value.asText()) && checked.stream().noneMatch(p -> child.endsWith("/data" + p))) {
                        out.add(blank(child));
                    }
                } else if ("parentalResponsibility".equals(member.getKey()) && value.isArray()) {
                    for (int i = 0; i < value.size(); i++) {
                        if (value.get(i).isTextual() && isBlank(value.get(i).asText())) {
                            out.add(blank(child + "/" + i));
                        }
                    }
                } else {
                    blankNames(value, child, checked, out);
                }
            });
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                blankNames(node.get(i), pointer + "/" + i, checked, out);
            }
        }
    }

    /** Nothing a reader would see: whitespace, no-break and other spaces, zero-width format characters. */
    static boolean isBlank(String text) {
        return text.codePoints().allMatch(c -> Character.isWhitespace(c) || Character.isSpaceChar(c)
                || Character.getType(c) == Character.FORMAT);
    }

    private static Violation blank(String at) {
        return new Violation(at, NOT_BLANK, at + ": must not be blank (spaces only count as blank)");
    }

    private static DateField date(String pointer) {
        return new DateField(pointer, false, false);
    }

    private static DateField clockStart(String pointer) {
        return new DateField(pointer, false, true);
    }
}
