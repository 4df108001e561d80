package org.opensafeguarding.workflow.processes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.camunda.bpm.model.xml.validation.ValidationResult;
import org.camunda.bpm.model.xml.validation.ValidationResultFormatter;
import org.camunda.bpm.model.xml.validation.ValidationResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/**
 * Static checks on the BPMN models in {@code bpmn/} and their forms in {@code bpmn/forms/}.
 *
 * <p>These are the modelling rules in docs/processes.md: only the Camunda 8 elements our engine
 * implements, every user task with a candidate group, a FEEL due date and an existing form, timers
 * never interrupting, breaches escalated, and no personal data in process variables.
 */
class BpmnModelsTest {

  static final String BPMN_NS = "http://www.omg.org/spec/BPMN/20100524/MODEL";
  static final String ZEEBE_NS = "http://camunda.org/schema/zeebe/1.0";
  static final String MODELER_NS = "http://camunda.org/schema/modeler/1.0";

  /** Process ids, one per file; the id carries the regime version where there is one. */
  static final Map<String, String> EXPECTED_PROCESSES =
      Map.of(
          "lado-allegation.bpmn", "lado-allegation",
          "child-death-review.bpmn", "child-death-review-cdr2018",
          "scr-referral.bpmn", "scr-referral-wt2013",
          "practice-review.bpmn", "practice-review-wt2018",
          "deadline-escalation.bpmn", "deadline-escalation");

  /** The worker contract (docs/processes.md, "Job types"). Add a type there before using it here. */
  static final Set<String> JOB_TYPES =
      Set.of(
          "case.open",
          "case.close",
          "deadline.compute",
          "case-event.emit",
          "case-message.publish",
          "notification.send",
          "agency-request.send",
          "review.notify-panel",
          "lado.record-outcome",
          "cdr.ncmd-sync");

  /** Elements (BPMN namespace) our engine implements, plus inert structure (lanes, annotations). */
  static final Set<String> ALLOWED_BPMN_ELEMENTS =
      Set.of(
          "definitions", "process", "documentation", "extensionElements", "message", "error",
          "startEvent", "endEvent", "intermediateCatchEvent", "intermediateThrowEvent", "boundaryEvent",
          "serviceTask", "sendTask", "scriptTask", "businessRuleTask", "receiveTask", "manualTask",
          "userTask", "exclusiveGateway", "parallelGateway", "inclusiveGateway", "eventBasedGateway",
          "subProcess", "callActivity", "sequenceFlow", "conditionExpression", "incoming", "outgoing",
          "messageEventDefinition", "timerEventDefinition", "errorEventDefinition",
          "terminateEventDefinition", "timeDate", "timeDuration", "timeCycle",
          "multiInstanceLoopCharacteristics", "laneSet", "lane", "flowNodeRef", "textAnnotation",
          "text", "association");

  static final Set<String> ALLOWED_ZEEBE_ELEMENTS =
      Set.of(
          "taskDefinition", "taskHeaders", "header", "ioMapping", "input", "output", "userTask",
          "formDefinition", "assignmentDefinition", "taskSchedule", "priorityDefinition", "script",
          "subscription", "loopCharacteristics", "calledElement", "versionTag", "properties",
          "property", "taskListeners", "taskListener");

  /** Allowed event definitions per event kind ("none" = no definition). */
  static final Map<String, Set<String>> EVENT_DEFINITIONS =
      Map.of(
          "startEvent", Set.of("none", "messageEventDefinition", "timerEventDefinition"),
          "endEvent",
              Set.of("none", "terminateEventDefinition", "errorEventDefinition", "messageEventDefinition"),
          "intermediateCatchEvent", Set.of("messageEventDefinition", "timerEventDefinition"),
          "intermediateThrowEvent", Set.of("none", "messageEventDefinition"),
          "boundaryEvent",
              Set.of("timerEventDefinition", "messageEventDefinition", "errorEventDefinition"));

  /**
   * Fragments that must not appear in a variable name: process variables hold ids, flags, codes and
   * dates only (ARCHITECTURE "Data flow"; DOMAIN §2.2 personal fields).
   */
  static final List<String> PERSONAL_DATA_FRAGMENTS =
      List.of(
          "name", "nhs", "address", "postcode", "dob", "dateofbirth", "birthdate", "narrative",
          "surname", "forename", "phone", "email", "ethnicity", "religion", "freetext", "notes");

  /** Timer boundary events allowed to interrupt, with the reason (none today). */
  static final Map<String, String> INTERRUPTING_TIMERS_DOCUMENTED = Map.of();

  static final Set<String> FEEL_WORDS =
      Set.of(
          "if", "then", "else", "and", "or", "not", "null", "true", "false", "in", "some", "every",
          "satisfies", "for", "return", "between", "instance", "of", "date", "time", "now",
          "today", "duration", "string", "number", "count", "list", "contains", "get", "value",
          "is", "defined", "function", "context", "put", "all", "any", "sum", "min", "max", "T");

  static Path bpmnDir;
  static Path formsDir;
  static final Map<Path, Document> documents = new HashMap<>();
  static final Map<String, JsonNode> forms = new HashMap<>();

  @BeforeAll
  static void load() throws Exception {
    bpmnDir = Path.of("../../bpmn").toAbsolutePath().normalize();
    if (!Files.isDirectory(bpmnDir)) {
      fail("bpmn/ not found at " + bpmnDir + " (the test runs from services/workflow and expects ../../bpmn)");
    }
    formsDir = bpmnDir.resolve("forms");
    var factory = DocumentBuilderFactory.newInstance();
    factory.setNamespaceAware(true);
    for (Path file : bpmnFiles()) {
      documents.put(file, factory.newDocumentBuilder().parse(file.toFile()));
    }
    var mapper = new ObjectMapper();
    if (Files.isDirectory(formsDir)) {
      try (Stream<Path> files = Files.list(formsDir)) {
        for (Path f : files.filter(p -> p.toString().endsWith(".form")).sorted().toList()) {
          JsonNode json;
          try {
            json = mapper.readTree(f.toFile());
          } catch (IOException e) {
            throw new AssertionError("form " + f.getFileName() + " is not valid JSON: " + e.getMessage(), e);
          }
          String id = json.path("id").asText("");
          assertThat(id).as("form id in %s", f.getFileName()).isNotBlank();
          assertThat(f.getFileName().toString()).as("form file name matches its id").isEqualTo(id + ".form");
          assertThat(forms.put(id, json)).as("duplicate form id %s", id).isNull();
        }
      }
    }
  }

  static List<Path> bpmnFiles() throws IOException {
    try (Stream<Path> files = Files.list(bpmnDir)) {
      return files.filter(p -> p.toString().endsWith(".bpmn")).sorted().toList();
    }
  }

  // ---------------------------------------------------------------- parsing and validation

  @Test
  void expectedModelsArePresentWithVersionedProcessIds() {
    Map<String, String> found = new HashMap<>();
    documents.forEach(
        (file, doc) -> {
          List<Element> processes = children(doc.getDocumentElement(), BPMN_NS, "process");
          assertThat(processes).as("%s holds exactly one process", file.getFileName()).hasSize(1);
          Element process = processes.get(0);
          assertThat(process.getAttribute("isExecutable")).as("%s executable", file).isEqualTo("true");
          found.put(file.getFileName().toString(), process.getAttribute("id"));
          Element root = doc.getDocumentElement();
          assertThat(root.getAttributeNS(MODELER_NS, "executionPlatform")).isEqualTo("Camunda Cloud");
          assertThat(root.getAttributeNS(MODELER_NS, "executionPlatformVersion")).startsWith("8.");
        });
    assertThat(found).containsAllEntriesOf(EXPECTED_PROCESSES);
    assertThat(new HashSet<>(found.values())).as("process ids are unique").hasSize(found.size());
  }

  @Test
  void everyModelParsesAndValidates() throws IOException {
    for (Path file : bpmnFiles()) {
      BpmnModelInstance model = Bpmn.readModelFromFile(file.toFile());
      Bpmn.validateModel(model);
      ValidationResults results = model.validate(ZeebeDesignTimeValidators.VALIDATORS);
      StringWriter out = new StringWriter();
      results.write(
          out,
          new ValidationResultFormatter() {
            @Override
            public void formatElement(StringWriter w, org.camunda.bpm.model.xml.instance.ModelElementInstance e) {
              w.append(String.valueOf(e.getAttributeValue("id"))).append(": ");
            }

            @Override
            public void formatResult(StringWriter w, ValidationResult r) {
              w.append(r.getType().name()).append(' ').append(r.getMessage()).append('\n');
            }
          });
      assertThat(results.hasErrors()).as("%s Zeebe validation:\n%s", file.getFileName(), out).isFalse();
    }
  }

  @Test
  void everyShapeAndFlowHasDiagramInterchange() {
    documents.forEach(
        (file, doc) -> {
          Set<String> drawn = new HashSet<>();
          var shapes = doc.getElementsByTagNameNS("http://www.omg.org/spec/BPMN/20100524/DI", "*");
          for (int i = 0; i < shapes.getLength(); i++) {
            drawn.add(((Element) shapes.item(i)).getAttribute("bpmnElement"));
          }
          for (Element el : flowElements(doc)) {
            assertThat(drawn).as("%s: %s has a shape or edge", file.getFileName(), el.getAttribute("id"))
                .contains(el.getAttribute("id"));
          }
        });
  }

  // ---------------------------------------------------------------- element subset

  @Test
  void onlyElementsOurEngineImplementsAreUsed() {
    documents.forEach(
        (file, doc) ->
            walk(
                doc.getDocumentElement(),
                el -> {
                  String where = file.getFileName() + ": " + el.getLocalName() + " " + el.getAttribute("id");
                  if (BPMN_NS.equals(el.getNamespaceURI())) {
                    assertThat(ALLOWED_BPMN_ELEMENTS).as(where).contains(el.getLocalName());
                  } else if (ZEEBE_NS.equals(el.getNamespaceURI())) {
                    assertThat(ALLOWED_ZEEBE_ELEMENTS).as(where).contains(el.getLocalName());
                  }
                  if (BPMN_NS.equals(el.getNamespaceURI()) && EVENT_DEFINITIONS.containsKey(el.getLocalName())) {
                    List<Element> defs = eventDefinitions(el);
                    assertThat(defs.size()).as("%s: at most one event definition", where).isLessThanOrEqualTo(1);
                    String kind = defs.isEmpty() ? "none" : defs.get(0).getLocalName();
                    assertThat(EVENT_DEFINITIONS.get(el.getLocalName())).as(where).contains(kind);
                    boolean throwing =
                        el.getLocalName().equals("endEvent") || el.getLocalName().equals("intermediateThrowEvent");
                    if (throwing && kind.equals("messageEventDefinition")) {
                      assertThat(jobType(el)).as("%s: message throw/end is implemented as a job", where).isNotNull();
                    }
                  }
                  if (!BPMN_NS.equals(el.getNamespaceURI())) {
                    return;
                  }
                  switch (el.getLocalName()) {
                    case "serviceTask", "sendTask", "businessRuleTask" ->
                        assertThat(jobType(el)).as("%s: job type", where).isNotBlank();
                    case "scriptTask" ->
                        assertThat(zeebe(el, "script") != null || jobType(el) != null)
                            .as("%s: FEEL script or job", where)
                            .isTrue();
                    case "userTask" ->
                        assertThat(zeebe(el, "userTask")).as("%s: Camunda user task", where).isNotNull();
                    case "multiInstanceLoopCharacteristics" -> {
                      Element loop = zeebe(el, "loopCharacteristics");
                      assertThat(loop).as("%s: zeebe:loopCharacteristics", where).isNotNull();
                      assertThat(loop.getAttribute("inputCollection")).as(where).startsWith("=");
                      assertThat(loop.getAttribute("inputElement")).as(where).isNotBlank();
                    }
                    case "subProcess" -> {
                      if ("true".equals(el.getAttribute("triggeredByEvent"))) {
                        for (Element start : children(el, BPMN_NS, "startEvent")) {
                          assertThat(eventDefinitions(start)).as("%s: event subprocess start", where).isNotEmpty();
                        }
                      }
                    }
                    default -> {}
                  }
                }));
  }

  @Test
  void jobTypesBelongToTheWorkerContract() {
    Set<String> used = new TreeSet<>();
    documents.forEach(
        (file, doc) ->
            walk(
                doc.getDocumentElement(),
                el -> {
                  String type = jobType(el);
                  if (type == null || !BPMN_NS.equals(el.getNamespaceURI())) {
                    return;
                  }
                  String where = file.getFileName() + ": " + el.getAttribute("id");
                  used.add(type);
                  assertThat(type).as(where).matches("[a-z]+(-[a-z]+)*\\.[a-z]+(-[a-z]+)*");
                  assertThat(JOB_TYPES).as("%s: job type %s is in the documented contract", where, type).contains(type);
                  Map<String, String> headers = headers(el);
                  if (type.equals("deadline.compute")) {
                    assertThat(headers).as("%s: timescale ids", where).containsKey("timescaleIds");
                    assertThat(headers).as("%s: clock start", where).containsKey("clockStart");
                  }
                  if (type.equals("case-event.emit")) {
                    assertThat(headers).as("%s: event type", where).containsKey("eventType");
                    if ("deadline.breached".equals(headers.get("eventType"))) {
                      assertThat(headers.containsKey("timescaleId") || inputTargets(el).contains("timescaleId"))
                          .as("%s: names the timescale", where)
                          .isTrue();
                    }
                  }
                  if (type.equals("case-message.publish")) {
                    assertThat(headers).as("%s: message name", where).containsKey("messageName");
                  }
                }));
    assertThat(used).as("every contract job type is used").isEqualTo(new TreeSet<>(JOB_TYPES));
  }

  // ---------------------------------------------------------------- user tasks and forms

  @Test
  void everyUserTaskHasCandidateGroupDueDateFormAndOutputMappings() {
    documents.forEach(
        (file, doc) ->
            walk(
                doc.getDocumentElement(),
                el -> {
                  if (!isBpmn(el, "userTask")) {
                    return;
                  }
                  String where = file.getFileName() + ": " + el.getAttribute("id");
                  Element assignment = zeebe(el, "assignmentDefinition");
                  assertThat(assignment).as("%s: assignment", where).isNotNull();
                  assertThat(assignment.getAttribute("candidateGroups")).as("%s: candidate group", where).isNotBlank();
                  Element schedule = zeebe(el, "taskSchedule");
                  assertThat(schedule).as("%s: task schedule", where).isNotNull();
                  String due = schedule.getAttribute("dueDate");
                  assertThat(due).as("%s: due date is a FEEL expression", where).startsWith("=");
                  assertThat(identifiers(due)).as("%s: due date reads a process variable", where).isNotEmpty();
                  Element form = zeebe(el, "formDefinition");
                  assertThat(form).as("%s: form", where).isNotNull();
                  assertThat(forms).as("%s: form %s exists in bpmn/forms", where, form.getAttribute("formId"))
                      .containsKey(form.getAttribute("formId"));
                  List<Element> outputs = zeebeAll(el, "output");
                  assertThat(outputs)
                      .as("%s: output mappings, so only routing facts leave the task", where)
                      .isNotEmpty();
                  for (Element out : outputs) {
                    assertThat(identifiers(out.getAttribute("source")))
                        .as("%s: free text (record.*) never becomes a process variable", where)
                        .doesNotContain("record");
                  }
                }));
  }

  @Test
  void formsAreWellFormedAndUsed() {
    Set<String> referenced = new HashSet<>();
    documents.values().forEach(doc -> walk(doc.getDocumentElement(), el -> {
      if (ZEEBE_NS.equals(el.getNamespaceURI()) && el.getLocalName().equals("formDefinition")) {
        referenced.add(el.getAttribute("formId"));
      }
    }));
    assertThat(forms).isNotEmpty();
    forms.forEach(
        (id, form) -> {
          assertThat(form.path("type").asText()).as(id).isEqualTo("default");
          assertThat(form.path("executionPlatform").asText()).as(id).isEqualTo("Camunda Cloud");
          assertThat(form.path("schemaVersion").asInt()).as(id).isGreaterThanOrEqualTo(16);
          assertThat(form.path("components").isArray()).as("%s: components", id).isTrue();
          List<JsonNode> fields = new ArrayList<>();
          form.path("components").forEach(fields::add);
          boolean required = false;
          boolean anyInput = false;
          Set<String> keys = new HashSet<>();
          for (JsonNode c : fields) {
            String key = c.path("key").asText("");
            if (key.isEmpty()) {
              continue;
            }
            anyInput = true;
            assertThat(keys.add(key)).as("%s: duplicate key %s", id, key).isTrue();
            required |= c.path("validate").path("required").asBoolean(false);
            if (c.path("type").asText().equals("textarea")) {
              assertThat(key).as("%s: free text is kept in the case record (record.*)", id).startsWith("record.");
            }
            if (!key.startsWith("record.")) {
              assertNoPersonalData(id + " field", key);
            }
          }
          assertThat(anyInput).as("%s: has input fields", id).isTrue();
          assertThat(required).as("%s: validates at least one required field", id).isTrue();
          if (keys.contains("decisionMakerRole")) {
            assertThat(keys).as("%s: decision forms record the rationale", id).contains("record.rationale");
            assertThat(fields.stream().anyMatch(c -> c.path("type").asText().equals("checkbox")))
                .as("%s: decision forms record each criterion as a boolean", id)
                .isTrue();
          }
        });
    assertThat(referenced).as("every form is used by a user task").containsAll(forms.keySet());
  }

  // ---------------------------------------------------------------- timers and escalation

  @Test
  void timerBoundaryEventsAreNonInterruptingAndEscalate() {
    documents.forEach(
        (file, doc) -> {
          Map<String, Element> byId = new HashMap<>();
          walk(doc.getDocumentElement(), el -> {
            if (!el.getAttribute("id").isEmpty()) {
              byId.put(el.getAttribute("id"), el);
            }
          });
          walk(
              doc.getDocumentElement(),
              el -> {
                if (!isBpmn(el, "boundaryEvent")) {
                  return;
                }
                List<Element> defs = eventDefinitions(el);
                if (defs.isEmpty() || !defs.get(0).getLocalName().equals("timerEventDefinition")) {
                  return;
                }
                String id = el.getAttribute("id");
                String where = file.getFileName() + ": " + id;
                if (!INTERRUPTING_TIMERS_DOCUMENTED.containsKey(id)) {
                  assertThat(el.getAttribute("cancelActivity")).as("%s: timers never close or block a case", where)
                      .isEqualTo("false");
                }
                Element timer = defs.get(0);
                List<Element> timeDate = children(timer, BPMN_NS, "timeDate");
                if (timeDate.isEmpty()) {
                  return; // a cycle (e.g. review meetings) is a prompt, not a deadline
                }
                assertThat(timeDate.get(0).getTextContent().trim())
                    .as("%s: deadline date comes from a variable (FEEL)", where)
                    .startsWith("=");
                Element next = next(el, byId);
                assertThat(next).as("%s: breach handler", where).isNotNull();
                assertThat(jobType(next)).as("%s: breach emits an event", where).isEqualTo("case-event.emit");
                assertThat(headers(next)).as(where).containsEntry("eventType", "deadline.breached");
                assertThat(headers(next).get("escalateTo")).as("%s: breach names the tier it escalates to", where)
                    .isNotBlank();
                // the escalation task is a deadline-escalation instance the worker starts: nothing in the case's
                // own scope may wait for it, or the breach would hold up the case
                Element after = next(next, byId);
                assertThat(after).as("%s: after the breach is recorded", where).isNotNull();
                assertThat(after.getLocalName()).as("%s: the breach path ends at once", where).isEqualTo("endEvent");
              });
        });
  }

  @Test
  void childDeathReviewRaisesTheMessageThatStartsThePracticeReview() {
    Set<String> published = new HashSet<>();
    Set<String> startMessages = new HashSet<>();
    documents.values().forEach(doc -> {
      Map<String, String> messageNames = new HashMap<>();
      for (Element m : children(doc.getDocumentElement(), BPMN_NS, "message")) {
        messageNames.put(m.getAttribute("id"), m.getAttribute("name"));
      }
      walk(doc.getDocumentElement(), el -> {
        if ("case-message.publish".equals(jobType(el))) {
          published.add(headers(el).get("messageName"));
        }
        if (isBpmn(el, "startEvent")) {
          for (Element def : eventDefinitions(el)) {
            if (def.getLocalName().equals("messageEventDefinition")) {
              startMessages.add(messageNames.get(def.getAttribute("messageRef")));
            }
          }
        }
      });
    });
    assertThat(published).contains("sin.candidate.raised");
    assertThat(startMessages).containsAll(published);
  }

  // ---------------------------------------------------------------- personal data

  @Test
  void noVariableLooksLikePersonalData() {
    documents.forEach(
        (file, doc) ->
            walk(
                doc.getDocumentElement(),
                el -> {
                  String where = file.getFileName() + ": " + el.getLocalName() + " " + el.getAttribute("id");
                  var attributes = el.getAttributes();
                  for (int i = 0; i < attributes.getLength(); i++) {
                    String value = attributes.item(i).getNodeValue();
                    if (value.startsWith("=")) {
                      identifiers(value).forEach(v -> assertNoPersonalData(where, v));
                    }
                  }
                  if (ZEEBE_NS.equals(el.getNamespaceURI())) {
                    for (String attr : List.of("target", "inputElement", "outputCollection", "resultVariable")) {
                      if (el.hasAttribute(attr)) {
                        assertNoPersonalData(where, el.getAttribute(attr));
                      }
                    }
                  }
                  if (BPMN_NS.equals(el.getNamespaceURI())
                      && Set.of("conditionExpression", "timeDate", "timeDuration", "timeCycle").contains(el.getLocalName())) {
                    identifiers(el.getTextContent()).forEach(v -> assertNoPersonalData(where, v));
                  }
                }));
  }

  static void assertNoPersonalData(String where, String variable) {
    String lower = variable.toLowerCase(Locale.ROOT);
    for (String fragment : PERSONAL_DATA_FRAGMENTS) {
      assertThat(lower).as("%s: variable '%s' looks like personal data", where, variable).doesNotContain(fragment);
    }
  }

  // ---------------------------------------------------------------- one due date; deadlines only where owed

  /**
   * Tasks show the due date ({@code due<ID>}: the last instant on time); timers fire at the first late instant
   * ({@code breachAt<ID>}). Neither ever reads the other, so a task never shows the day after the last day on time.
   */
  @Test
  void tasksShowTheDueDateAndTimersFireAtTheBreachInstant() {
    Pattern due = Pattern.compile("due[A-Z]\\w*");
    Pattern breach = Pattern.compile("breachAt[A-Z]\\w*");
    documents.forEach(
        (file, doc) ->
            walk(
                doc.getDocumentElement(),
                el -> {
                  String where = file.getFileName() + ": " + el.getAttribute("id");
                  if (isBpmn(el, "userTask")) {
                    String dueDate = zeebe(el, "taskSchedule").getAttribute("dueDate");
                    assertThat(identifiers(dueDate)).as("%s: a task shows due<ID>, never breachAt<ID>", where)
                        .noneMatch(v -> breach.matcher(v).matches());
                  }
                  if (isBpmn(el, "timeDate")) {
                    assertThat(identifiers(el.getTextContent().trim()))
                        .as("%s: a deadline timer fires at breachAt<ID>, never at the due date", where)
                        .noneMatch(v -> due.matcher(v).matches());
                  }
                }));
  }

  /**
   * Each deadline whose clock the law starts only under a condition (docs/processes.md §2, "Owed when") is computed
   * only under it: either the compute task's header {@code owedWhen} names a boolean input with that FEEL condition,
   * or the task sits on the one path the condition leads to. Nowhere else is the timescale computed.
   */
  @Test
  void conditionalDeadlinesAreComputedOnlyWhereTheirConditionHolds() {
    // timescale -> the FEEL condition of owedWhen's input, or "path:" + the condition of the flow into the task or
    // the subprocess holding it
    Map<String, String> expected = Map.ofEntries(
        Map.entry("L1a", "=referralChannel = \"VERBAL\""),
        Map.entry("L2a", "=immediateSafeguardingConcern = true"),
        Map.entry("L2b", "=immediateSafeguardingConcern != true"),
        Map.entry("L4", "=employerProcess = \"NO_FORMAL_ACTION\""),
        Map.entry("L6a", "=employerProcess != \"NO_FORMAL_ACTION\" and employerProcess != \"HEARING\""),
        Map.entry("L5", "path:=employerProcess = \"HEARING\""),
        Map.entry("L8a", "path:=route = \"NFA\" or route = \"ADVICE\""),
        Map.entry("C2", "path:=jarCriteriaMet"),
        Map.entry("C3", "path:=jarCriteriaMet"),
        Map.entry("T1", "=notifiableIncident = true"),
        Map.entry("R1", "path:=sinCriteriaMet"));
    Map<String, Integer> computed = new HashMap<>();
    documents.forEach(
        (file, doc) -> {
          Map<String, Element> byId = new HashMap<>();
          walk(doc.getDocumentElement(), el -> {
            if (!el.getAttribute("id").isEmpty()) {
              byId.put(el.getAttribute("id"), el);
            }
          });
          walk(
              doc.getDocumentElement(),
              el -> {
                if (!"deadline.compute".equals(jobType(el))) {
                  return;
                }
                String where = file.getFileName() + ": " + el.getAttribute("id");
                Map<String, String> headers = headers(el);
                Map<String, String> owedWhen = new HashMap<>();
                String text = headers.getOrDefault("owedWhen", "");
                for (String pair : text.isBlank() ? new String[0] : text.split(",")) {
                  String[] kv = pair.split("=", 2);
                  owedWhen.put(kv[0].trim(), kv[1].trim());
                }
                Map<String, String> inputs = new HashMap<>();
                for (Element in : zeebeAll(el, "input")) {
                  inputs.put(in.getAttribute("target"), in.getAttribute("source"));
                }
                for (String id : headers.get("timescaleIds").split(",")) {
                  String condition = expected.get(id.trim());
                  if (condition == null) {
                    continue;
                  }
                  computed.merge(id.trim(), 1, Integer::sum);
                  if (condition.startsWith("path:")) {
                    assertThat(pathConditions(el, byId)).as("%s: %s only on its path", where, id)
                        .contains(condition.substring(5));
                  } else {
                    assertThat(owedWhen).as("%s: %s has a condition", where, id).containsKey(id.trim());
                    assertThat(inputs.get(owedWhen.get(id.trim()))).as("%s: %s's condition", where, id)
                        .isEqualTo(condition);
                  }
                }
              });
        });
    assertThat(computed.keySet()).as("every conditional timescale is modelled").isEqualTo(expected.keySet());
    assertThat(computed).as("each is computed in one place").allSatisfy((id, n) -> assertThat(n).as(id).isEqualTo(1));
  }

  /** The conditions of the flows into the element and into each subprocess around it. */
  private static List<String> pathConditions(Element el, Map<String, Element> byId) {
    List<String> out = new ArrayList<>();
    for (Element at = el; at != null && isBpmn(at, at.getLocalName()) && !at.getLocalName().equals("process");
         at = (Element) at.getParentNode()) {
      for (Element incoming : children(at, BPMN_NS, "incoming")) {
        Element flow = byId.get(incoming.getTextContent().trim());
        for (Element c : children(flow, BPMN_NS, "conditionExpression")) {
          out.add(c.getTextContent().trim());
        }
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- helpers

  /** Identifiers a FEEL expression reads or builds, without string literals and FEEL keywords. */
  static Set<String> identifiers(String expression) {
    String feel = expression.startsWith("=") ? expression.substring(1) : expression;
    feel = feel.replaceAll("\"(\\\\.|[^\"\\\\])*\"", " ");
    Set<String> names = new HashSet<>();
    Matcher m = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*").matcher(feel);
    while (m.find()) {
      if (!FEEL_WORDS.contains(m.group())) {
        names.add(m.group());
      }
    }
    return names;
  }

  static boolean isBpmn(Element el, String localName) {
    return BPMN_NS.equals(el.getNamespaceURI()) && localName.equals(el.getLocalName());
  }

  static List<Element> flowElements(Document doc) {
    List<Element> result = new ArrayList<>();
    Set<String> skip = Set.of("definitions", "process", "documentation", "extensionElements", "message", "error",
        "conditionExpression", "incoming", "outgoing", "timeDate", "timeDuration", "timeCycle",
        "multiInstanceLoopCharacteristics", "laneSet", "lane", "flowNodeRef", "text");
    walk(doc.getDocumentElement(), el -> {
      if (BPMN_NS.equals(el.getNamespaceURI()) && !skip.contains(el.getLocalName())
          && !el.getLocalName().endsWith("EventDefinition")) {
        result.add(el);
      }
    });
    return result;
  }

  static List<Element> eventDefinitions(Element event) {
    List<Element> defs = new ArrayList<>();
    for (Element c : children(event, BPMN_NS, null)) {
      if (c.getLocalName().endsWith("EventDefinition")) {
        defs.add(c);
      }
    }
    return defs;
  }

  static String jobType(Element el) {
    Element def = zeebe(el, "taskDefinition");
    return def == null ? null : def.getAttribute("type");
  }

  static Map<String, String> headers(Element el) {
    Map<String, String> result = new HashMap<>();
    for (Element h : zeebeAll(el, "header")) {
      result.put(h.getAttribute("key"), h.getAttribute("value"));
    }
    return result;
  }

  static Set<String> inputTargets(Element el) {
    Set<String> result = new HashSet<>();
    for (Element in : zeebeAll(el, "input")) {
      result.add(in.getAttribute("target"));
    }
    return result;
  }

  /** The element's own zeebe extension (not one of a nested element). */
  static Element zeebe(Element el, String localName) {
    List<Element> all = zeebeAll(el, localName);
    return all.isEmpty() ? null : all.get(0);
  }

  static List<Element> zeebeAll(Element el, String localName) {
    List<Element> result = new ArrayList<>();
    for (Element ext : children(el, BPMN_NS, "extensionElements")) {
      walk(ext, e -> {
        if (ZEEBE_NS.equals(e.getNamespaceURI()) && e.getLocalName().equals(localName)) {
          result.add(e);
        }
      });
    }
    return result;
  }

  /** The single target of the element's single outgoing sequence flow. */
  static Element next(Element el, Map<String, Element> byId) {
    List<Element> outgoing = children(el, BPMN_NS, "outgoing");
    if (outgoing.size() != 1) {
      return null;
    }
    Element flow = byId.get(outgoing.get(0).getTextContent().trim());
    return flow == null ? null : byId.get(flow.getAttribute("targetRef"));
  }

  static List<Element> children(Element parent, String ns, String localName) {
    List<Element> result = new ArrayList<>();
    for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e && ns.equals(e.getNamespaceURI())
          && (localName == null || localName.equals(e.getLocalName()))) {
        result.add(e);
      }
    }
    return result;
  }

  static void walk(Element el, java.util.function.Consumer<Element> visitor) {
    visitor.accept(el);
    for (Node n = el.getFirstChild(); n != null; n = n.getNextSibling()) {
      if (n instanceof Element e) {
        walk(e, visitor);
      }
    }
  }
}
