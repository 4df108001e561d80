package org.opensafeguarding.engine.rest;

import io.camunda.client.protocol.rest.ElementInstanceResult;
import io.camunda.client.protocol.rest.ElementInstanceStateEnum;
import io.camunda.client.protocol.rest.IncidentResult;
import io.camunda.client.protocol.rest.CorrelatedMessageSubscriptionResult;
import io.camunda.client.protocol.rest.MessageSubscriptionResult;
import io.camunda.client.protocol.rest.MessageSubscriptionStateEnum;
import io.camunda.client.protocol.rest.ProcessDefinitionResult;
import io.camunda.client.protocol.rest.ProcessInstanceResult;
import io.camunda.client.protocol.rest.ProcessInstanceStateEnum;
import io.camunda.client.protocol.rest.UserTaskResult;
import io.camunda.client.protocol.rest.UserTaskStateEnum;
import io.camunda.client.protocol.rest.VariableSearchResult;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Set;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.ProcessDefinitionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.RecordKind;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.VariableRecord;

/**
 * Engine records as the client's own REST model classes, built on the processing thread so they are consistent
 * snapshots. Keys are strings and dates ISO 8601 with milliseconds, as in Camunda's API.
 */
final class Views {

    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSXXX");

    private Views() {
    }

    static String date(Long epochMillis) {
        return epochMillis == null ? null : DATE.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC));
    }

    static String key(Long key) {
        return key == null ? null : String.valueOf(key);
    }

    static Set<Long> processInstancesWithIncidents(EngineState state) {
        return state.processInstancesWithActiveIncidents();
    }

    static ProcessInstanceResult processInstance(EngineState state, ProcessInstanceRecord instance,
                                                 Set<Long> withIncidents) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, instance.processDefinitionKey);
        return new ProcessInstanceResult()
                .processInstanceKey(key(instance.key))
                .processDefinitionKey(key(instance.processDefinitionKey))
                .processDefinitionId(instance.bpmnProcessId)
                .processDefinitionName(definition == null ? null : definition.name)
                .processDefinitionVersion(instance.version)
                .startDate(date(instance.startDate))
                .endDate(date(instance.endDate))
                .state(ProcessInstanceStateEnum.fromValue(instance.state.name()))
                .hasIncident(withIncidents.contains(instance.key))
                .tenantId(instance.tenantId)
                .parentProcessInstanceKey(key(instance.parentProcessInstanceKey))
                .parentElementInstanceKey(key(instance.parentElementInstanceKey));
    }

    static ElementInstanceResult elementInstance(ElementInstanceRecord element) {
        ElementInstanceResult.TypeEnum type;
        try {
            type = ElementInstanceResult.TypeEnum.fromValue(element.type == null ? null : element.type.name());
        } catch (IllegalArgumentException e) {
            type = ElementInstanceResult.TypeEnum.UNKNOWN;
        }
        return new ElementInstanceResult()
                .elementInstanceKey(key(element.key))
                .processInstanceKey(key(element.processInstanceKey))
                .processDefinitionKey(key(element.processDefinitionKey))
                .processDefinitionId(element.bpmnProcessId)
                .elementId(element.elementId)
                .elementName(element.elementName == null ? element.elementId : element.elementName)
                .type(type)
                .state(ElementInstanceStateEnum.fromValue(element.state.name()))
                .hasIncident(element.incidentKey != null)
                .incidentKey(key(element.incidentKey))
                .startDate(date(element.startDate))
                .endDate(date(element.endDate))
                .tenantId(element.tenantId);
    }

    static VariableSearchResult variable(VariableRecord variable) {
        return new VariableSearchResult()
                .variableKey(key(variable.key))
                .name(variable.name)
                .value(variable.value)
                .isTruncated(false)
                .scopeKey(key(variable.scopeKey))
                .processInstanceKey(key(variable.processInstanceKey))
                .tenantId(variable.tenantId);
    }

    static IncidentResult incident(IncidentRecord incident) {
        IncidentResult.ErrorTypeEnum errorType;
        try {
            errorType = IncidentResult.ErrorTypeEnum.fromValue(incident.errorType);
        } catch (IllegalArgumentException e) {
            errorType = IncidentResult.ErrorTypeEnum.UNKNOWN;
        }
        return new IncidentResult()
                .incidentKey(key(incident.key))
                .errorType(errorType)
                .errorMessage(incident.errorMessage)
                .elementId(incident.elementId)
                .elementInstanceKey(key(incident.elementInstanceKey))
                .processInstanceKey(key(incident.processInstanceKey))
                .processDefinitionKey(key(incident.processDefinitionKey))
                .processDefinitionId(incident.bpmnProcessId)
                .jobKey(key(incident.jobKey))
                .creationTime(date(incident.creationTime))
                .state(IncidentResult.StateEnum.fromValue(incident.state.name()))
                .tenantId(incident.tenantId);
    }

    static UserTaskResult userTask(EngineState state, UserTaskRecord task) {
        ProcessDefinitionRecord definition = state.get(RecordKind.PROCESS_DEFINITION, task.processDefinitionKey);
        return new UserTaskResult()
                .userTaskKey(key(task.key))
                .name(task.name == null ? task.elementId : task.name)
                .state(UserTaskStateEnum.fromValue(task.state.name()))
                .assignee(task.assignee)
                .candidateGroups(new ArrayList<>(task.candidateGroups))
                .candidateUsers(new ArrayList<>(task.candidateUsers))
                .dueDate(task.dueDate)
                .followUpDate(task.followUpDate)
                .priority(task.priority)
                .formKey(key(task.formKey))
                .externalFormReference(task.externalFormReference)
                .customHeaders(new java.util.LinkedHashMap<>(task.customHeaders))
                .elementId(task.elementId)
                .elementInstanceKey(key(task.elementInstanceKey))
                .processInstanceKey(key(task.processInstanceKey))
                .processDefinitionKey(key(task.processDefinitionKey))
                .processDefinitionId(task.bpmnProcessId)
                .processDefinitionVersion(task.processDefinitionVersion)
                .processName(definition == null ? null : definition.name)
                .creationDate(date(task.creationDate))
                .completionDate(date(task.completionDate))
                .tenantId(task.tenantId);
    }

    static ProcessDefinitionResult processDefinition(ProcessDefinitionRecord definition) {
        return new ProcessDefinitionResult()
                .processDefinitionKey(key(definition.key))
                .processDefinitionId(definition.bpmnProcessId)
                .name(definition.name)
                .version(definition.version)
                .versionTag(definition.versionTag)
                .resourceName(definition.resourceName)
                .tenantId(definition.tenantId)
                .hasStartForm(false);
    }

    static MessageSubscriptionResult messageSubscription(MessageSubscriptionRecord subscription) {
        return new MessageSubscriptionResult()
                .messageSubscriptionKey(key(subscription.key))
                .processDefinitionId(subscription.bpmnProcessId)
                .processDefinitionKey(key(subscription.processDefinitionKey))
                .processInstanceKey(key(subscription.processInstanceKey))
                .elementId(subscription.targetElementId)
                .elementInstanceKey(key(subscription.elementInstanceKey))
                .messageSubscriptionState(MessageSubscriptionStateEnum.fromValue(subscription.state.name()))
                .lastUpdatedDate(date(subscription.lastUpdated))
                .messageName(subscription.messageName)
                .correlationKey(subscription.correlationKey)
                .tenantId(subscription.tenantId);
    }

    static CorrelatedMessageSubscriptionResult correlatedMessageSubscription(
            MessageSubscriptionRecord subscription, MessageSubscriptionRecord.Correlation correlation) {
        return new CorrelatedMessageSubscriptionResult()
                .subscriptionKey(key(subscription.key))
                .messageKey(key(correlation.messageKey))
                .correlationTime(date(correlation.correlationTime))
                .messageName(subscription.messageName)
                .correlationKey(subscription.correlationKey)
                .processDefinitionId(subscription.bpmnProcessId)
                .processDefinitionKey(key(subscription.processDefinitionKey))
                .processInstanceKey(key(subscription.processInstanceKey))
                .elementId(subscription.targetElementId)
                .elementInstanceKey(key(subscription.elementInstanceKey))
                .partitionId(1)
                .tenantId(subscription.tenantId);
    }
}
