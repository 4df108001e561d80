package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.BoundaryEvent;
import io.camunda.zeebe.model.bpmn.instance.CallActivity;
import io.camunda.zeebe.model.bpmn.instance.EndEvent;
import io.camunda.zeebe.model.bpmn.instance.ExclusiveGateway;
import io.camunda.zeebe.model.bpmn.instance.IntermediateCatchEvent;
import io.camunda.zeebe.model.bpmn.instance.ParallelGateway;
import io.camunda.zeebe.model.bpmn.instance.ServiceTask;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.SubProcess;
import io.camunda.zeebe.model.bpmn.instance.UserTask;

/** Camunda's element type names, as the REST API reports them. */
final class ElementTypes {

    private ElementTypes() {
    }

    static String of(BaseElement element) {
        if (element instanceof SubProcess subProcess && subProcess.triggeredByEvent()) {
            return "EVENT_SUB_PROCESS";
        } else if (element instanceof StartEvent) {
            return "START_EVENT";
        } else if (element instanceof EndEvent) {
            return "END_EVENT";
        } else if (element instanceof ServiceTask) {
            return "SERVICE_TASK";
        } else if (element instanceof UserTask) {
            return "USER_TASK";
        } else if (element instanceof ExclusiveGateway) {
            return "EXCLUSIVE_GATEWAY";
        } else if (element instanceof ParallelGateway) {
            return "PARALLEL_GATEWAY";
        } else if (element instanceof IntermediateCatchEvent) {
            return "INTERMEDIATE_CATCH_EVENT";
        } else if (element instanceof BoundaryEvent) {
            return "BOUNDARY_EVENT";
        } else if (element instanceof SubProcess) {
            return "SUB_PROCESS";
        } else if (element instanceof CallActivity) {
            return "CALL_ACTIVITY";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.SendTask) {
            return "SEND_TASK";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask) {
            return "BUSINESS_RULE_TASK";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ScriptTask) {
            return "SCRIPT_TASK";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ReceiveTask) {
            return "RECEIVE_TASK";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ManualTask) {
            return "MANUAL_TASK";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent) {
            return "INTERMEDIATE_THROW_EVENT";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.InclusiveGateway) {
            return "INCLUSIVE_GATEWAY";
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.EventBasedGateway) {
            return "EVENT_BASED_GATEWAY";
        } else if (element.getElementType().getTypeName().equals("task")) {
            return "TASK";
        }
        return "UNKNOWN";
    }
}
