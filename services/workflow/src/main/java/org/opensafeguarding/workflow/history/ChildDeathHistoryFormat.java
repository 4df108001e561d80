package org.opensafeguarding.workflow.history;

import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.casefile.RegimeSelector;
import org.opensafeguarding.workflow.notices.NcmdProperties;
import org.opensafeguarding.workflow.notices.NcmdSubmissions;

import java.time.Instant;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.opensafeguarding.workflow.history.Column.Type.BOOLEAN;
import static org.opensafeguarding.workflow.history.Column.Type.DATE;
import static org.opensafeguarding.workflow.history.Column.Type.INTEGER;

/**
 * Child deaths reviewed by the CDOP (DOMAIN §4.6-§4.8): the notification's codes as the referral schema has them,
 * the CDOP's category of death and modifiable factors, and the national return the review went to by its date.
 */
final class ChildDeathHistoryFormat implements HistoryFormat {

    static final Column DATE_OF_DEATH = Column.required("date_of_death", DATE,
            "The trigger date that pins the regime (CDOP-LSCB / CDR-2018).");
    static final Column NOTIFICATION_DATE = Column.required("notification_date", DATE,
            "The day the CDOP was notified; not before date_of_death. The case opens on it.");
    static final Column EXPECTEDNESS = Column.requiredCode("expectedness", List.of("expected", "unexpected", "unknown"),
            "As the notification schema.");
    static final Column LOCATION = Column.optionalCode("location", List.of("home", "hospital", "public-place",
            "regulated-setting", "other", "unknown"), "Where the child died, as the notification schema.");
    static final Column SEX = Column.optionalCode("sex", List.of("female", "male", "indeterminate", "unknown"),
            "As the referral schemas.");
    static final Column AGE_BAND = Column.optionalCode("age_band", AgeBands.CHILD_CODES,
            "Age at death as the DfE/LSCB1 band (DOMAIN §4.6); empty for unknown. Never a date of birth.");
    static final Column LOCAL_AUTHORITY_OF_RESIDENCE = Column.optional("local_authority_of_residence", Column.Type.CODE,
            "ONS code of the local authority the child lived in (E06, E07, E08, E09 or E10 and six digits).");
    static final Column LOOKED_AFTER = Column.optional("looked_after", BOOLEAN, "A looked-after child.");
    static final Column CHILD_PROTECTION_PLAN = Column.optional("child_protection_plan", BOOLEAN,
            "The child had a child protection plan.");
    static final Column POST_MORTEM_REQUIRED = Column.optional("post_mortem_required", BOOLEAN, "A post-mortem was required.");
    static final Column CDOP_REVIEW_DATE = Column.required("cdop_review_date", DATE,
            "The day the CDOP completed its review; not before notification_date.");
    static final Column CATEGORY_OF_DEATH = Column.required("category_of_death", INTEGER,
            "The CDOP category, 1 to 10 (DOMAIN §4.6).");
    static final Column MODIFIABLE_FACTORS = Column.requiredCode("modifiable_factors", NcmdSubmissions.MODIFIABLE_FACTORS,
            "The CDOP's conclusion on modifiable factors (DOMAIN §4.6).");
    static final Column CLOSURE_DATE = Column.optional("closure_date", DATE,
            "The day the case was closed; empty for cdop_review_date; not before it.");

    private static final List<Column> COLUMNS = List.of(SOURCE_REFERENCE, TENANT, DATE_OF_DEATH, NOTIFICATION_DATE,
            EXPECTEDNESS, LOCATION, SEX, AGE_BAND, LOCAL_AUTHORITY_OF_RESIDENCE, LOOKED_AFTER, CHILD_PROTECTION_PLAN,
            POST_MORTEM_REQUIRED, CDOP_REVIEW_DATE, CATEGORY_OF_DEATH, MODIFIABLE_FACTORS, CLOSURE_DATE);


    private final RegimeSelector regimes;
    private final NcmdProperties ncmd;

    ChildDeathHistoryFormat(RegimeSelector regimes, NcmdProperties ncmd) {
        this.regimes = regimes;
        this.ncmd = ncmd;
    }

    @Override
    public ImportType type() {
        return ImportType.CHILD_DEATH;
    }

    @Override
    public List<Column> columns() {
        return COLUMNS;
    }

    @Override
    public HistoricalCase read(RowReader row, String tenant, Instant now) {
        String reference = HistoryFormat.reference(row, tenant);
        LocalDate death = row.date(DATE_OF_DEATH);
        LocalDate notified = row.date(NOTIFICATION_DATE);
        String expectedness = row.code(EXPECTEDNESS);
        String location = row.code(LOCATION);
        String sex = row.code(SEX);
        String ageBand = row.code(AGE_BAND);
        String la = row.localAuthority(LOCAL_AUTHORITY_OF_RESIDENCE);
        boolean lookedAfter = row.bool(LOOKED_AFTER);
        boolean cpp = row.bool(CHILD_PROTECTION_PLAN);
        boolean postMortem = row.bool(POST_MORTEM_REQUIRED);
        LocalDate reviewed = row.date(CDOP_REVIEW_DATE);
        Integer category = row.integer(CATEGORY_OF_DEATH, 1, 10);
        String modifiable = row.code(MODIFIABLE_FACTORS);
        LocalDate closedGiven = row.date(CLOSURE_DATE);
        row.notBefore(NOTIFICATION_DATE, notified, DATE_OF_DEATH, death);
        row.notBefore(CDOP_REVIEW_DATE, reviewed, NOTIFICATION_DATE, notified);
        row.notBefore(CLOSURE_DATE, closedGiven, CDOP_REVIEW_DATE, reviewed);
        if (!row.clean()) {
            return null;
        }
        LocalDate closed = closedGiven != null ? closedGiven : reviewed;

        Map<String, Object> categories = new LinkedHashMap<>();
        categories.put("expectedness", expectedness);
        putIfPresent(categories, "location", location);
        putIfPresent(categories, "sex", sex);
        putIfPresent(categories, "localAuthorityOfResidence", la);
        categories.put("lookedAfter", lookedAfter);
        categories.put("childProtectionPlan", cpp);
        categories.put("postMortemRequired", postMortem);

        // as cdr.ncmd-sync: a review before NCMD went live went into the LSCB1 return instead
        String target = reviewed.isBefore(ncmd.liveDate()) ? "LSCB1" : "NCMD";
        HistoricalCase.Steps steps = new HistoricalCase.Steps()
                .add(reviewed, (events, id) -> events.noticeSent(id, "ncmd-finalised",
                        List.of(target.toLowerCase(Locale.ROOT))))
                .add(reviewed, (events, id) -> events.outcomeRecorded(id, "category-of-death", category.toString()))
                .add(reviewed, (events, id) -> events.outcomeRecorded(id, "modifiable-factors", modifiable));
        RegimeSelector.Choice regime = regimes.choose(CaseType.CHILD_DEATH, death, tenant);
        return new HistoricalCase(reference, tenant, regime, "child-death-notification", death, notified, closed, null,
                AgeBands.of(ageBand), categories, null, List.of(), steps.list());
    }

    private static void putIfPresent(Map<String, Object> into, String name, String value) {
        if (value != null) {
            into.put(name, value);
        }
    }
}
