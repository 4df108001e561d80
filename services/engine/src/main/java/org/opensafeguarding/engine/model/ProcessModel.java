package org.opensafeguarding.engine.model;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.EventDefinition;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/** One deployed process, parsed once and kept for the life of the engine. */
public final class ProcessModel {

    private final BpmnModelInstance model;
    private final Process process;
    private final Map<String, List<BoundaryEvent>> boundariesByActivity = new HashMap<>();

    private ProcessModel(BpmnModelInstance model, Process process) {
        this.model = model;
        this.process = process;
        for (BoundaryEvent boundary : model.getModelElementsByType(BoundaryEvent.class)) {
            boundariesByActivity.computeIfAbsent(boundary.getAttachedTo().getId(), k -> new ArrayList<>())
                    .add(boundary);
        }
    }

    public static BpmnModelInstance parse(String xml) {
        BpmnModelInstance model = Bpmn.readModelFromStream(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
        linkSequenceFlows(model);
        return model;
    }

    /**
     * A node's {@code <incoming>}/{@code <outgoing>} children are optional in BPMN: the sequence flows' sourceRef and
     * targetRef are what links them, and Zeebe follows those. The model API reads only the children, so a file
     * written without them (by hand, by some tools) would run as if its nodes led nowhere; the missing children are
     * added once here, at parse, so every reader sees the links the flows declare.
     */
    private static void linkSequenceFlows(BpmnModelInstance model) {
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (flow.getSource() != null && !flow.getSource().getOutgoing().contains(flow)) {
                flow.getSource().getOutgoing().add(flow);
            }
            if (flow.getTarget() != null && !flow.getTarget().getIncoming().contains(flow)) {
                flow.getTarget().getIncoming().add(flow);
            }
        }
    }

    public static ProcessModel of(String xml, String bpmnProcessId) {
        BpmnModelInstance model = parse(xml);
        Process process = model.getModelElementById(bpmnProcessId);
        if (process == null) {
            throw new IllegalArgumentException("resource does not contain process '" + bpmnProcessId + "'");
        }
        return new ProcessModel(model, process);
    }

    public Process process() {
        return process;
    }

    public String name() {
        return process.getName();
    }

    public FlowNode node(String id) {
        ModelElementInstance element = model.getModelElementById(id);
        if (element instanceof FlowNode node) {
            return node;
        }
        throw new IllegalStateException("process " + process.getId() + " has no flow node '" + id + "'");
    }

    public <T extends FlowElement> T element(String id) {
        return model.getModelElementById(id);
    }

    public List<BoundaryEvent> boundaryEvents(String activityId) {
        return boundariesByActivity.getOrDefault(activityId, List.of());
    }

    /** The none start event of the process or of an embedded subprocess. */
    public StartEvent noneStartEvent(Collection<FlowElement> elements) {
        for (FlowElement element : elements) {
            if (element instanceof StartEvent start && start.getEventDefinitions().isEmpty()) {
                return start;
            }
        }
        return null;
    }

    public StartEvent noneStartEvent() {
        return noneStartEvent(process.getFlowElements());
    }

    public List<StartEvent> startEventsOfProcess() {
        List<StartEvent> result = new ArrayList<>();
        for (FlowElement element : process.getFlowElements()) {
            if (element instanceof StartEvent start) {
                result.add(start);
            }
        }
        return result;
    }

    public static EventDefinition eventDefinition(org.camunda.bpm.model.xml.instance.ModelElementInstance event) {
        Collection<EventDefinition> definitions = null;
        if (event instanceof io.camunda.zeebe.model.bpmn.instance.CatchEvent catchEvent) {
            definitions = catchEvent.getEventDefinitions();
        } else if (event instanceof io.camunda.zeebe.model.bpmn.instance.ThrowEvent throwEvent) {
            definitions = throwEvent.getEventDefinitions();
        }
        return definitions == null || definitions.isEmpty() ? null : definitions.iterator().next();
    }

    public static boolean noneStart(Collection<FlowElement> elements) {
        int count = 0;
        for (FlowElement element : elements) {
            if (element instanceof StartEvent start && start.getEventDefinitions().isEmpty()) {
                count++;
            }
        }
        return count == 1;
    }

    public static boolean isInsideSubProcess(FlowElement element) {
        return element.getParentElement() instanceof SubProcess;
    }
}
