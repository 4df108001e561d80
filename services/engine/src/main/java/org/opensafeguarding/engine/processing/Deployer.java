package org.opensafeguarding.engine.processing;

import com.fasterxml.jackson.databind.JsonNode;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.Process;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.opensafeguarding.engine.model.BpmnValidator;
import org.opensafeguarding.engine.model.ProcessModel;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.FormRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.RecordKind;

/**
 * Deployment is all-or-nothing: every resource is parsed and validated before anything is stored. A resource
 * identical to the latest version of its process (or form) does not create a new version.
 */
final class Deployer {

    record Parsed(List<ParsedProcess> processes, List<ParsedForm> forms) {
    }

    record ParsedProcess(String bpmnProcessId, String name, String resourceName, String xml, String checksum) {
    }

    record ParsedForm(String formId, String resourceName, String json, String checksum) {
    }

    record Deployed(long deploymentKey, List<ProcessDefinitionRecord> processes, List<FormRecord> forms) {
    }

    private Deployer() {
    }

    /** Runs on the caller's thread: parsing is the slow part and needs no state. */
    static Parsed parse(List<DeploymentResource> resources) {
        if (resources == null || resources.isEmpty()) {
            throw EngineException.invalid("resources: expected at least one resource to deploy");
        }
        List<ParsedProcess> processes = new ArrayList<>();
        List<ParsedForm> forms = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (DeploymentResource resource : resources) {
            String name = resource.name() == null ? "" : resource.name();
            String text = new String(resource.content(), StandardCharsets.UTF_8);
            if (name.endsWith(".bpmn") || name.endsWith(".xml")) {
                BpmnModelInstance model;
                try {
                    model = ProcessModel.parse(text);
                } catch (RuntimeException e) {
                    problems.add("'" + name + "': not a valid BPMN model: " + rootMessage(e));
                    continue;
                }
                for (String problem : BpmnValidator.problems(model)) {
                    problems.add("'" + name + "': " + problem);
                }
                for (Process process : model.getModelElementsByType(Process.class)) {
                    if (process.isExecutable()) {
                        processes.add(new ParsedProcess(process.getId(), process.getName(), name, text,
                                checksum(text)));
                    }
                }
            } else if (name.endsWith(".form")) {
                try {
                    JsonNode form = VariableScopes.JSON.readTree(text);
                    JsonNode id = form.get("id");
                    if (id == null || !id.isTextual() || id.asText().isBlank()) {
                        problems.add("'" + name + "': a form needs a string property 'id'");
                    } else {
                        forms.add(new ParsedForm(id.asText(), name, text, checksum(text)));
                    }
                } catch (Exception e) {
                    problems.add("'" + name + "': not valid form JSON: " + rootMessage(e));
                }
            } else {
                problems.add("'" + name + "': unsupported resource type; expected .bpmn, .xml or .form");
            }
        }
        if (!problems.isEmpty()) {
            throw EngineException.invalid("Expected to deploy new resources, but encountered the following errors:\n"
                    + String.join("\n", problems));
        }
        return new Parsed(processes, forms);
    }

    /** Runs on the processing thread. */
    static Deployed store(EngineState state, Parsed parsed) {
        long deploymentKey = state.newKey();
        List<ProcessDefinitionRecord> processes = new ArrayList<>();
        for (ParsedProcess process : parsed.processes()) {
            ProcessDefinitionRecord latest = state.latestProcessDefinition(process.bpmnProcessId());
            if (latest != null && latest.checksum.equals(process.checksum())) {
                processes.add(latest);
                continue;
            }
            ProcessDefinitionRecord definition = new ProcessDefinitionRecord();
            definition.key = state.newKey();
            definition.bpmnProcessId = process.bpmnProcessId();
            definition.name = process.name();
            definition.version = latest == null ? 1 : latest.version + 1;
            definition.resourceName = process.resourceName();
            definition.resource = process.xml();
            definition.checksum = process.checksum();
            definition.deploymentKey = deploymentKey;
            state.put(definition);
            processes.add(definition);
        }
        List<FormRecord> forms = new ArrayList<>();
        for (ParsedForm form : parsed.forms()) {
            FormRecord latest = state.latestForm(form.formId());
            if (latest != null && latest.checksum.equals(form.checksum())) {
                forms.add(latest);
                continue;
            }
            FormRecord record = new FormRecord();
            record.key = state.newKey();
            record.formId = form.formId();
            record.version = latest == null ? 1 : latest.version + 1;
            record.resourceName = form.resourceName();
            record.resource = form.json();
            record.checksum = form.checksum();
            record.deploymentKey = deploymentKey;
            state.put(record);
            forms.add(record);
        }
        return new Deployed(deploymentKey, processes, forms);
    }

    private static String checksum(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    }
}
