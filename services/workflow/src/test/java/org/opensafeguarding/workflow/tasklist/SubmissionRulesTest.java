package org.opensafeguarding.workflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.casefile.CaseId;
import org.opensafeguarding.workflow.tasklist.TasklistException.FormViolation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Completion rules against the real forms in {@code bpmn/forms/}, without Spring or an engine. */
class SubmissionRulesTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path FORMS = Path.of("../../bpmn/forms").toAbsolutePath().normalize();

    private static TaskForm form(String id) throws IOException {
        return TaskForm.parse(id, JSON.readTree(FORMS.resolve(id + ".form").toFile()));
    }

    private static TaskRow task(String formId, Map<String, String> headers) {
        return new TaskRow(1L, CaseId.newId(), 2L, 3L, "lado-allegation", "InitialConsideration", "Initial consideration",
                4L, formId, List.of("lado"), List.of(), null, null, null, 50, headers, TaskStatus.OPEN, Instant.now(), null);
    }

    /** A submission every rule of the form accepts: each field filled with a value of its type. */
    private static ObjectNode filledIn(TaskForm form) {
        ObjectNode values = JSON.createObjectNode();
        for (TaskForm.Field field : form.fields().values()) {
            switch (field.type()) {
                case "checkbox" -> values.put(field.key(), true);
                case "select", "radio" -> values.put(field.key(),
                        field.options() == null ? "SOME_CODE" : field.options().iterator().next());
                case "checklist" -> values.putArray(field.key()).add("agency-1");
                case "datetime" -> values.put(field.key(), "2024-03-05");
                default -> values.put(field.key(), "Free text written by the caseworker.");
            }
        }
        return values;
    }

    @Test
    void everyRealFormAcceptsAFullyFilledInSubmissionAndEveryDecisionFormGivesCodes() throws IOException {
        List<String> ids = new ArrayList<>();
        try (Stream<Path> files = Files.list(FORMS)) {
            files.filter(f -> f.toString().endsWith(".form"))
                    .forEach(f -> ids.add(f.getFileName().toString().replace(".form", "")));
        }
        assertThat(ids).hasSizeGreaterThan(40);
        int decisions = 0;
        for (String id : ids) {
            TaskForm form = form(id);
            TaskSubmission submission = TaskSubmission.parse(filledIn(form));
            assertThat(SubmissionRules.check(form, submission)).as(id).isEmpty();
            assertThat(submission.engineVariables(JSON).keySet()).as(id).noneMatch(k -> k.startsWith("record"));
            if (submission.decision()) {
                decisions++;
                Decisions.Decision decision = Decisions.of(task(id, Map.of()), form, submission);
                assertThat(decision.decisionType()).isEqualTo(id);
                assertThat(decision.outcome()).as(id).matches(SubmissionRules.CODE);
                assertThat(decision.rationale()).isNotBlank();
                assertThat(decision.criteria().keySet()).as(id).allMatch(k -> SubmissionRules.CODE.matcher(k).matches());
            }
        }
        assertThat(decisions).isEqualTo(15);
    }

    @Test
    void aDecisionWithoutItsRationaleOrRequiredFieldsNamesEachField() throws IOException {
        TaskForm form = form("lado-initial-consideration");
        ObjectNode values = filledIn(form);
        values.remove("route");
        values.remove("record.rationale");
        values.put("harmTestLimb2", "yes");
        values.put("abuseCategory", "Sexual, as the child said");

        List<FormViolation> problems = SubmissionRules.check(form, TaskSubmission.parse(values));

        assertThat(problems).extracting(p -> p.field() + ":" + p.rule()).containsExactlyInAnyOrder(
                "route:required", "record.rationale:required", "harmTestLimb2:type", "abuseCategory:enum");
        assertThat(problems).extracting(FormViolation::message).noneMatch(m -> m.contains("as the child said"));
    }

    @Test
    void theOutcomeIsTheFieldTheTaskNamesElseTheLastChoiceElseTheCriteria() throws IOException {
        TaskForm consideration = form("lado-initial-consideration");
        TaskSubmission submission = TaskSubmission.parse(filledIn(consideration));
        // abuseCategory then route: the route is the decision
        assertThat(Decisions.of(task("lado-initial-consideration", Map.of()), consideration, submission).outcome())
                .isEqualTo(submission.routing().get("route").asText());
        assertThat(Decisions.of(task("lado-initial-consideration", Map.of("decisionOutcome", "abuseCategory",
                "decisionType", "harm-test")), consideration, submission))
                .extracting(Decisions.Decision::outcome, Decisions.Decision::decisionType)
                .containsExactly(submission.routing().get("abuseCategory").asText(), "harm-test");

        TaskForm threshold = form("cspr-sin-threshold");
        ObjectNode values = filledIn(threshold);
        values.put("childDied", false);
        TaskSubmission some = TaskSubmission.parse(values);
        assertThat(Decisions.of(task("cspr-sin-threshold", Map.of()), threshold, some).outcome())
                .isEqualTo("some-criteria-met");
    }

    @Test
    void recordFieldsComeFlatOrNestedAndNeverReachTheEngine() {
        ObjectNode nested = JSON.createObjectNode();
        nested.put("route", "NFA");
        nested.putObject("record").put("rationale", "because");
        ObjectNode flat = JSON.createObjectNode();
        flat.put("record.rationale", "because");
        flat.put("route", "NFA");

        TaskSubmission a = TaskSubmission.parse(nested);
        TaskSubmission b = TaskSubmission.parse(flat);

        assertThat(a.recordTexts()).containsExactly(Map.entry("record.rationale", "because"));
        assertThat(a.engineVariables(JSON)).containsOnlyKeys("route");
        assertThat(a.sha256(JSON)).isEqualTo(b.sha256(JSON));

        ObjectNode twice = flat.deepCopy();
        twice.putObject("record").put("rationale", "again");
        assertThat(TaskSubmission.parse(twice).shapeProblems()).extracting(FormViolation::rule).containsExactly("duplicate");
    }

    @Test
    void withoutAFormFreeTextMustGoInRecordFields() {
        ObjectNode values = JSON.createObjectNode();
        values.put("outcome", "ACCEPTED");
        values.put("dueOn", "2024-03-05");
        values.put("count", 3);
        values.put("comment", "the family were not at home");
        JsonNode list = values.putArray("agencies").add("police").add("health visiting team");

        List<FormViolation> problems = SubmissionRules.check(null, TaskSubmission.parse(values));

        assertThat(list).hasSize(2);
        assertThat(problems).extracting(p -> p.field() + ":" + p.rule())
                .containsExactlyInAnyOrder("comment:free-text", "agencies:free-text");
    }

    private static List<TaskForm> realForms() throws IOException {
        List<TaskForm> forms = new ArrayList<>();
        try (Stream<Path> files = Files.list(FORMS)) {
            for (Path f : files.filter(f -> f.toString().endsWith(".form")).sorted().toList()) {
                forms.add(form(f.getFileName().toString().replace(".form", "")));
            }
        }
        return forms;
    }

    @Test
    void everyDateFieldOfEveryFormSaysWhetherItRecordsWhenSomethingHappenedOrIsPlanned() throws IOException {
        int happened = 0;
        for (TaskForm form : realForms()) {
            for (TaskForm.Field field : form.fields().values()) {
                if (!field.date()) {
                    continue;
                }
                // a new date field must be classified in bpmn/tools/forms.py (HAPPENED_DATES or PLANNED_DATES)
                assertThat(field.dateKind()).as("%s.%s: properties.dateKind", form.formId(), field.key())
                        .isIn(BusinessDates.KINDS);
                if (field.notBefore() != null) {
                    assertThat(form.fields().get(field.notBefore())).as("%s.%s notBefore", form.formId(), field.key())
                            .isNotNull().matches(TaskForm.Field::date);
                }
                happened += BusinessDates.HAPPENED.equals(field.dateKind()) ? 1 : 0;
            }
        }
        assertThat(happened).isGreaterThanOrEqualTo(20);
        assertThat(form("lado-pot-meeting").fields().get("meetingHeldOn").dateKind()).isEqualTo(BusinessDates.HAPPENED);
        assertThat(form("cdr-cdrm-arrange").fields().get("cdrmPlannedOn").dateKind()).isEqualTo(BusinessDates.PLANNED);
    }

    @Test
    void everyOptionListFromAVariableIsOneTheTasklistChecksAgainstTheCase() throws IOException {
        for (TaskForm form : realForms()) {
            for (TaskForm.Field field : form.fields().values()) {
                if (field.valuesKey() != null) {
                    assertThat(RegimeOptions.LISTS).as("%s.%s valuesKey", form.formId(), field.key())
                            .contains(field.valuesKey());
                }
            }
        }
    }

    private static final BusinessDates.Bounds BOUNDS = new BusinessDates.Bounds(LocalDate.of(2024, 3, 4),
            LocalDate.of(2024, 3, 11));

    private static List<String> dateProblems(TaskForm form, Map<String, Object> values) {
        TaskSubmission submission = TaskSubmission.parse(JSON.valueToTree(values));
        return BusinessDates.check(form, submission, BOUNDS, java.util.Set.of()).stream()
                .map(p -> p.field() + ":" + p.rule()).toList();
    }

    @Test
    void aBusinessDateIsNeitherInTheFutureNorBeforeTheCaseBegan() throws IOException {
        TaskForm meeting = form("lado-pot-meeting");
        assertThat(dateProblems(meeting, Map.of("meetingHeldOn", "2024-03-11"))).isEmpty();
        assertThat(dateProblems(meeting, Map.of("meetingHeldOn", "2024-03-04"))).isEmpty();
        assertThat(dateProblems(meeting, Map.of("meetingHeldOn", "2024-03-12"))).containsExactly("meetingHeldOn:not-in-future");
        assertThat(dateProblems(meeting, Map.of("meetingHeldOn", "2024-03-03"))).containsExactly("meetingHeldOn:not-before-case");
        assertThat(dateProblems(meeting, Map.of("meetingHeldOn", "2999-01-01"))).containsExactly("meetingHeldOn:not-in-future");

        // a planned day may be ahead, within the bank-holiday calendar, and not before the case either
        TaskForm arrange = form("cdr-cdrm-arrange");
        assertThat(dateProblems(arrange, Map.of("cdrmPlannedOn", "2024-04-30"))).isEmpty();
        assertThat(dateProblems(arrange, Map.of("cdrmPlannedOn", "2999-01-01"))).containsExactly("cdrmPlannedOn:calendar-range");
        assertThat(dateProblems(arrange, Map.of("cdrmPlannedOn", "2024-01-01"))).containsExactly("cdrmPlannedOn:not-before-case");

        TaskSubmission held = TaskSubmission.parse(JSON.valueToTree(Map.of("meetingHeldOn", "2024-03-07",
                "decisionMakerRole", "LADO")));
        assertThat(BusinessDates.happened(meeting, held)).containsExactly(Map.entry("meetingHeldOn", LocalDate.of(2024, 3, 7)));
        assertThat(BusinessDates.doneOn(meeting, held)).contains(LocalDate.of(2024, 3, 7));
        assertThat(BusinessDates.doneOn(form("lado-outcome-meeting"), held)).isEmpty();
    }

    @Test
    void twoDatesOfOneFormAreInTheOrderTheFormGives() throws IOException {
        TaskForm form = TaskForm.parse("two-dates", JSON.readTree("""
                {"components": [
                  {"type": "datetime", "key": "reportReceivedOn", "subtype": "date",
                   "properties": {"dateKind": "happened"}},
                  {"type": "datetime", "key": "decidedOn", "subtype": "date",
                   "properties": {"dateKind": "happened", "notBefore": "reportReceivedOn"}}]}
                """));
        assertThat(dateProblems(form, Map.of("reportReceivedOn", "2024-03-05", "decidedOn", "2024-03-05"))).isEmpty();
        assertThat(dateProblems(form, Map.of("reportReceivedOn", "2024-03-06", "decidedOn", "2024-03-05")))
                .containsExactly("decidedOn:date-order");
        // the step was done when the last thing it records happened
        assertThat(BusinessDates.doneOn(form, TaskSubmission.parse(JSON.valueToTree(Map.of("reportReceivedOn",
                "2024-03-05", "decidedOn", "2024-03-08"))))).contains(LocalDate.of(2024, 3, 8));
    }

    @Test
    void aFormReadsTheVariablesNamedInItsOptionListsConditionsAndTemplates() throws IOException {
        assertThat(form("lado-outcome-meeting").referencedNames()).contains("findingOptions");
        assertThat(form("lado-initial-consideration").referencedNames()).contains("harmTestLimb4Applies");
    }
}
