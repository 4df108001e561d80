package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.opensafeguarding.workflow.pseudonym.AgeBand;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenantConfig;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.opensafeguarding.workflow.history.Column.Type.BOOLEAN;
import static org.opensafeguarding.workflow.history.Column.Type.CODE;
import static org.opensafeguarding.workflow.history.Column.Type.DATE;
import static org.opensafeguarding.workflow.history.Column.Type.INTEGER;

/**
 * LADO allegations (DOMAIN §5.8, §5.9): the codes of the referral schema and the LADO forms, the finding checked
 * against the case's KCSIE edition, the L2a/L2b meeting and L8b resolution targets judged from the dates.
 */
final class LadoHistoryFormat implements HistoryFormat {

    static final Column RECEIVED_DATE = Column.required("received_date", DATE,
            "The day the LADO received the referral: the trigger date that pins the regime and the KCSIE edition.");
    static final Column REFERRAL_SOURCE = Column.requiredCode("referral_source", List.of("employer-dsl", "police",
            "childrens-social-care", "parent-carer", "child", "ofsted", "anonymous", "other"), "As the referral schema.");
    static final Column SETTING = Column.requiredCode("setting", List.of("education", "foster-care", "early-years",
            "residential", "health", "faith", "social-care", "transport", "police", "sport-leisure", "voluntary-youth",
            "secure-estate", "other"), "The accused's employment sector (DOMAIN §5.7).");
    static final Column ABUSE_CATEGORY = Column.requiredCode("abuse_category", List.of("sexual", "physical",
            "emotional", "neglect", "suitability"), "As the referral schema.");
    static final Column HARM_TEST_LIMBS = Column.optionalCodes("harm_test_limbs", List.of("harmed-child",
            "criminal-offence", "risk-of-harm", "unsuitable-to-work-with-children"),
            "The harm-test limbs met (DOMAIN §5.2); unsuitable-to-work-with-children only under an edition with the "
                    + "fourth limb.");
    static final Column NON_RECENT = Column.optional("non_recent", BOOLEAN, "A non-recent (historical) allegation.");
    static final Column URGENT = Column.optional("urgent", BOOLEAN,
            "Immediate safeguarding concerns: the strategy meeting was due within 72 hours (L2a) rather than 5 "
                    + "working days (L2b).");
    static final Column CHILDREN_COUNT = Column.optional("children_count", INTEGER, "How many children the "
            + "allegation concerns, 0 to 99.");
    static final Column CHILD_AGE = Column.optional("child_age", INTEGER, "Age in years (0 to 17) of the first child "
            + "named, for the age band; empty for unknown.");
    static final Column CROSS_AUTHORITY = Column.optional("cross_authority", BOOLEAN,
            "The accused works in another local authority's area.");
    static final Column INITIAL_CONSIDERATION_DATE = Column.optional("initial_consideration_date", DATE,
            "The day of the initial consideration; not before received_date. Required with route.");
    static final Column ROUTE = Column.optionalCode("route", List.of("NFA", "ADVICE", "EMPLOYER", "MEETING"),
            "The initial consideration's route (lado-initial-consideration form).");
    static final Column STRATEGY_MEETING_DATE = Column.optional("strategy_meeting_date", DATE,
            "The day the first strategy / position-of-trust meeting was held; not before received_date nor "
                    + "initial_consideration_date. With urgent, needs initial_consideration_date (the L2a clock start).");
    static final Column KCSIE_EDITION = Column.optional("kcsie_edition", CODE,
            "The KCSIE edition whose outcome vocabulary applies (safeguarding.kcsie.editions); empty for the one in "
                    + "force on received_date.");
    static final Column FINDING = Column.optional("finding", CODE,
            "SUBSTANTIATED, MALICIOUS, FALSE, UNSUBSTANTIATED, or UNFOUNDED where the edition has it (DOMAIN §5.6).");
    static final Column DISPOSAL = Column.optionalCode("disposal", List.of("EMPLOYER_ACTION", "NFA", "INFORMATION_ONLY"),
            "The local disposal code (DOMAIN §5.6), as the LADO outcome forms.");
    static final Column OUTCOME_DATE = Column.optional("outcome_date", DATE,
            "The day the finding was recorded (outcome meeting or resolution); empty for closure_date. Only with "
                    + "finding or disposal.");
    static final Column REFERRED_DBS = Column.optional("referred_dbs", BOOLEAN, "Referral to the DBS decided.");
    static final Column REFERRED_TRA = Column.optional("referred_tra", BOOLEAN, "Referral to the TRA decided.");
    static final Column REFERRED_REGULATOR = Column.optional("referred_regulator", BOOLEAN,
            "Referral to a professional regulator decided.");
    static final Column REFERRED_OFSTED = Column.optional("referred_ofsted", BOOLEAN, "Referral to Ofsted decided.");
    static final Column CLOSURE_DATE = Column.required("closure_date", DATE,
            "The day the case was closed (resolved); not before any other date of the row.");

    private static final List<Column> COLUMNS = List.of(SOURCE_REFERENCE, TENANT, RECEIVED_DATE, REFERRAL_SOURCE,
            SETTING, ABUSE_CATEGORY, HARM_TEST_LIMBS, NON_RECENT, URGENT, CHILDREN_COUNT, CHILD_AGE, CROSS_AUTHORITY,
            INITIAL_CONSIDERATION_DATE, ROUTE, STRATEGY_MEETING_DATE, KCSIE_EDITION, FINDING, DISPOSAL, OUTCOME_DATE,
            REFERRED_DBS, REFERRED_TRA, REFERRED_REGULATOR, REFERRED_OFSTED, CLOSURE_DATE);

    private final RegimeSelector regimes;
    private final KcsieEditions editions;
    private final Tenancy tenancy;
    private final HistoryDeadlines deadlines = new HistoryDeadlines();

    LadoHistoryFormat(RegimeSelector regimes, KcsieEditions editions, Tenancy tenancy) {
        this.regimes = regimes;
        this.editions = editions;
        this.tenancy = tenancy;
    }

    @Override
    public ImportType type() {
        return ImportType.LADO_ALLEGATION;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public HistoricalCase read(RowReader row, String tenant, Instant now) {
        String reference = HistoryFormat.reference(row, tenant);
        LocalDate received = row.date(RECEIVED_DATE);
        String source = row.code(REFERRAL_SOURCE);
        String setting = row.code(SETTING);
        String abuse = row.code(ABUSE_CATEGORY);
        List<String> limbs = row.codes(HARM_TEST_LIMBS);
        boolean nonRecent = row.bool(NON_RECENT);
        boolean urgent = row.bool(URGENT);
        Integer children = row.integer(CHILDREN_COUNT, 0, 99);
        Integer age = row.integer(CHILD_AGE, 0, 17);
        boolean crossAuthority = row.bool(CROSS_AUTHORITY);
        LocalDate considered = row.date(INITIAL_CONSIDERATION_DATE);
        String route = row.code(ROUTE);
        LocalDate meeting = row.date(STRATEGY_MEETING_DATE);
        String disposal = row.code(DISPOSAL);
        LocalDate outcomeDate = row.date(OUTCOME_DATE);
        Map<String, Boolean> referrals = new LinkedHashMap<>();
        referrals.put("dbs", row.bool(REFERRED_DBS));
        referrals.put("tra", row.bool(REFERRED_TRA));
        referrals.put("regulator", row.bool(REFERRED_REGULATOR));
        referrals.put("ofsted", row.bool(REFERRED_OFSTED));
        LocalDate closed = row.date(CLOSURE_DATE);

        row.notBefore(INITIAL_CONSIDERATION_DATE, considered, RECEIVED_DATE, received);
        row.notBefore(STRATEGY_MEETING_DATE, meeting, RECEIVED_DATE, received);
        row.notBefore(STRATEGY_MEETING_DATE, meeting, INITIAL_CONSIDERATION_DATE, considered);
        row.notBefore(OUTCOME_DATE, outcomeDate, RECEIVED_DATE, received);
        row.notBefore(CLOSURE_DATE, closed, RECEIVED_DATE, received);
        row.notBefore(CLOSURE_DATE, closed, INITIAL_CONSIDERATION_DATE, considered);
        row.notBefore(CLOSURE_DATE, closed, STRATEGY_MEETING_DATE, meeting);
        row.notBefore(CLOSURE_DATE, closed, OUTCOME_DATE, outcomeDate);
        if (row.present(ROUTE) && !row.present(INITIAL_CONSIDERATION_DATE)) {
            row.fault(INITIAL_CONSIDERATION_DATE.name(), "required", "Required when route is given.");
        }
        if (urgent && row.present(STRATEGY_MEETING_DATE) && !row.present(INITIAL_CONSIDERATION_DATE)) {
            row.fault(INITIAL_CONSIDERATION_DATE.name(), "required", "Required for an urgent case with a strategy "
                    + "meeting: the 72-hour deadline (L2a) runs from the initial consideration.");
        }

        Edition edition = edition(row, received);
        String finding = null;
        if (edition != null) {
            finding = row.code(FINDING, edition.findings(), "under the case's KCSIE edition " + edition.id());
            if (limbs.contains("unsuitable-to-work-with-children") && !edition.harmTestLimb4()) {
                row.fault(HARM_TEST_LIMBS.name(), "edition-limb", "unsuitable-to-work-with-children (the fourth limb) "
                        + "is not in the harm test of the case's KCSIE edition " + edition.id() + ".");
            }
        }
        if (row.present(OUTCOME_DATE) && !row.present(FINDING) && !row.present(DISPOSAL)) {
            row.fault(OUTCOME_DATE.name(), "requires", "Only allowed with finding or disposal.");
        }
        if (!row.clean()) {
            return null;
        }

        RegimeSelector.Choice regime = regimes.choose(CaseType.LADO_ALLEGATION, received, tenant);
        TenantConfig config = tenancy.forTenant(tenant);
        List<HistoricalDeadline> judged = new ArrayList<>();
        if (meeting != null) {
            Optional<HistoricalDeadline> meetingDeadline = urgent
                    ? deadlines.judge(row, STRATEGY_MEETING_DATE, "L2a", considered, meeting, config, now)
                    : deadlines.judge(row, STRATEGY_MEETING_DATE, "L2b", received, meeting, config, now);
            meetingDeadline.ifPresent(judged::add);
        }
        for (String target : List.of("L8b1", "L8b3", "L8b12")) {
            deadlines.judge(row, CLOSURE_DATE, target, received, closed, config, now).ifPresent(judged::add);
        }
        if (!row.clean()) {
            return null;
        }

        Map<String, Object> categories = new LinkedHashMap<>();
        categories.put("referralSource", source);
        categories.put("setting", setting);
        categories.put("abuseCategory", abuse);
        categories.put("harmTestLimbs", limbs);
        categories.put("nonRecent", nonRecent);
        categories.put("urgent", urgent);
        if (children != null) {
            categories.put("childrenCount", children);
        }
        categories.put("crossAuthority", crossAuthority);

        HistoricalCase.Steps steps = new HistoricalCase.Steps();
        if (considered != null && route != null) {
            steps.add(considered, (events, id) -> events.decisionRecorded(id, "lado-initial-consideration", route, "LADO"));
        }
        LocalDate outcomeOn = outcomeDate != null ? outcomeDate : closed;
        HistoricalCase.LadoOutcome outcome = new HistoricalCase.LadoOutcome(edition.id(), finding, disposal, referrals,
                finding != null || disposal != null ? outcomeOn : null);
        if (finding != null) {
            String f = finding;
            steps.add(outcomeOn, (events, id) -> events.outcomeRecorded(id, "kcsie-finding", f));
        }
        if (disposal != null) {
            steps.add(outcomeOn, (events, id) -> events.outcomeRecorded(id, "lado-disposal", disposal));
        }
        referrals.forEach((r, decided) -> {
            if (decided) {
                steps.add(outcomeOn, (events, id) -> events.outcomeRecorded(id, "lado-referral", r));
            }
        });
        return new HistoricalCase(reference, tenant, regime, "lado-allegation", received, received, closed, null,
                age == null ? AgeBand.UNKNOWN : AgeBand.fromYears(age), categories, outcome, judged, steps.list());
    }

    private Edition edition(RowReader row, LocalDate received) {
        String id = row.raw(KCSIE_EDITION);
        if (id == null) {
            return received == null ? null : editions.forReferralDate(received);
        }
        Optional<Edition> named = editions.byId(id);
        if (named.isEmpty()) {
            row.fault(KCSIE_EDITION.name(), "allowed-code", "Not a configured KCSIE edition (safeguarding.kcsie.editions).");
            return null;
        }
        return named.get();
    }
}
