package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import org.opensafeguarding.workflow.casefile.CaseRecord;
import org.opensafeguarding.workflow.casefile.CaseType;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.lado.KcsieProperties.Edition;
import org.opensafeguarding.workflow.lado.LadoRecords;
import org.opensafeguarding.workflow.tasklist.TaskForm.Field;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.tenancy.TenantSettings;
import org.springframework.stereotype.Component;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The values a form's option lists from process variables ({@code valuesKey}) may hold for one case, taken from the
 * case's own record rather than from the engine, so that a value the worker behind the task would refuse is a 400
 * at the tasklist and never an incident:
 *
 * <ul>
 *   <li>{@code findingOptions}: the findings of the KCSIE edition pinned on the LADO case ({@code lado_case}, what
 *       {@code lado.record-outcome} checks), rule {@code kcsie-edition};</li>
 *   <li>{@code agencyOptions}: the partnership's agency ids (tenant settings, what {@code case.open} offers the
 *       form), rule {@code tenant-agency}.</li>
 * </ul>
 *
 * And one field the pinned edition decides: {@code harmTestLimb4} cannot be met under an edition without the
 * fourth limb of the harm test (the form hides it then), rule {@code kcsie-edition}.
 */
@Component
class RegimeOptions {

    static final String KCSIE_EDITION = "kcsie-edition";
    static final String TENANT_AGENCY = "tenant-agency";
    static final String HARM_TEST_LIMB_4 = "harmTestLimb4";

    /** Every {@code valuesKey} this class knows; a form of {@code bpmn/forms} using another fails a test. */
    static final Set<String> LISTS = Set.of("findingOptions", "agencyOptions");

    private final LadoRecords lado;
    private final KcsieEditions editions;
    private final Tenancy tenancy;

    RegimeOptions(LadoRecords lado, KcsieEditions editions, Tenancy tenancy) {
        this.lado = lado;
        this.editions = editions;
        this.tenancy = tenancy;
    }

    /** @param skip fields already refused by the form's own rules */
    List<FormViolation> check(CaseRecord c, TaskForm form, TaskSubmission submission, Set<String> skip) {
        List<FormViolation> problems = new ArrayList<>();
        Optional<Edition> edition = c.type() == CaseType.LADO_ALLEGATION
                ? lado.pinnedEdition(c.id()).flatMap(editions::byId) : Optional.empty();
        Map<String, Function<CaseRecord, Set<String>>> lists = Map.of(
                "findingOptions", x -> edition.map(e -> (Set<String>) new LinkedHashSet<>(e.findings())).orElse(Set.of()),
                "agencyOptions", x -> tenancy.forTenant(x.tenant()).agencies().stream().map(TenantSettings.Agency::id)
                        .collect(Collectors.toSet()));
        for (Field field : form.fields().values()) {
            JsonNode value = submission.value(field.key());
            if (field.valuesKey() == null || skip.contains(field.key()) || value == null || value.isNull()
                    || !lists.containsKey(field.valuesKey())) {
                continue;
            }
            Set<String> allowed = lists.get(field.valuesKey()).apply(c);
            boolean member = value.isArray() ? allOf(value, allowed) : allowed.contains(value.asText());
            if (!member) {
                problems.add("findingOptions".equals(field.valuesKey())
                        ? new FormViolation(field.key(), KCSIE_EDITION, edition
                        .map(e -> field.key() + " is not a finding under " + e.id() + ", the KCSIE edition pinned on"
                                + " the case (DOMAIN §5.6); allowed: " + String.join(", ", e.findings()))
                        .orElse(field.key() + " cannot be accepted: no KCSIE edition is pinned on the case"))
                        : new FormViolation(field.key(), TENANT_AGENCY, field.key()
                        + " holds a value that is not one of the partnership's agency ids"));
            }
        }
        Field limb4 = form.fields().get(HARM_TEST_LIMB_4);
        JsonNode limb4Value = submission.value(HARM_TEST_LIMB_4);
        if (limb4 != null && edition.isPresent() && !edition.get().harmTestLimb4() && !skip.contains(HARM_TEST_LIMB_4)
                && limb4Value != null && limb4Value.isBoolean() && limb4Value.asBoolean()) {
            problems.add(new FormViolation(HARM_TEST_LIMB_4, KCSIE_EDITION, HARM_TEST_LIMB_4 + " cannot be met under "
                    + edition.get().id() + ", the KCSIE edition pinned on the case, which has no fourth limb (DOMAIN §5.2)"));
        }
        return problems;
    }

    private static boolean allOf(JsonNode items, Set<String> allowed) {
        for (JsonNode item : items) {
            if (!allowed.contains(item.asText())) {
                return false;
            }
        }
        return true;
    }
}
