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
import org.opensafeguarding.engine.state.ElementType;

/** Camunda's element type names, as the REST API reports them. */
final class ElementTypes {

    private ElementTypes() {
    }

    static ElementType of(BaseElement element) {
        if (element instanceof SubProcess subProcess && subProcess.triggeredByEvent()) {
            return ElementType.EVENT_SUB_PROCESS;
        } else if (element instanceof StartEvent) {
            return ElementType.START_EVENT;
        } else if (element instanceof EndEvent) {
            return ElementType.END_EVENT;
        } else if (element instanceof ServiceTask) {
            return ElementType.SERVICE_TASK;
        } else if (element instanceof UserTask) {
            return ElementType.USER_TASK;
        } else if (element instanceof ExclusiveGateway) {
            return ElementType.EXCLUSIVE_GATEWAY;
        } else if (element instanceof ParallelGateway) {
            return ElementType.PARALLEL_GATEWAY;
        } else if (element instanceof IntermediateCatchEvent) {
            return ElementType.INTERMEDIATE_CATCH_EVENT;
        } else if (element instanceof BoundaryEvent) {
            return ElementType.BOUNDARY_EVENT;
        } else if (element instanceof SubProcess) {
            return ElementType.SUB_PROCESS;
        } else if (element instanceof CallActivity) {
            return ElementType.CALL_ACTIVITY;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.SendTask) {
            return ElementType.SEND_TASK;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.BusinessRuleTask) {
            return ElementType.BUSINESS_RULE_TASK;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ScriptTask) {
            return ElementType.SCRIPT_TASK;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ReceiveTask) {
            return ElementType.RECEIVE_TASK;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.ManualTask) {
            return ElementType.MANUAL_TASK;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.IntermediateThrowEvent) {
            return ElementType.INTERMEDIATE_THROW_EVENT;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.InclusiveGateway) {
            return ElementType.INCLUSIVE_GATEWAY;
        } else if (element instanceof io.camunda.zeebe.model.bpmn.instance.EventBasedGateway) {
            return ElementType.EVENT_BASED_GATEWAY;
        } else if (element.getElementType().getTypeName().equals("task")) {
            return ElementType.TASK;
        }
        return ElementType.UNKNOWN;
    }
}
