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

    @Test
    void aFormReadsTheVariablesNamedInItsOptionListsConditionsAndTemplates() throws IOException {
        assertThat(form("lado-outcome-meeting").referencedNames()).contains("findingOptions");
        assertThat(form("lado-initial-consideration").referencedNames()).contains("harmTestLimb4Applies");
    }
}
