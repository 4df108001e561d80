package org.opensafeguarding.engine.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.opensafeguarding.engine.processing.ArchiveViews;
import org.opensafeguarding.engine.state.ElementInstanceRecord;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;
import org.opensafeguarding.engine.state.IncidentRecord;
import org.opensafeguarding.engine.state.IncidentState;
import org.opensafeguarding.engine.state.MessageSubscriptionRecord;
import org.opensafeguarding.engine.state.ProcessInstanceRecord;
import org.opensafeguarding.engine.state.UserTaskRecord;
import org.opensafeguarding.engine.state.VariableRecord;
import org.springframework.stereotype.Component;

/**
 * The search results of an ended tree's records, serialised as the REST API serialises them, so that a search
 * over the history table returns exactly what it returned while the records were open. Only the kinds history
 * keeps ({@link org.opensafeguarding.engine.state.HistoryRow#kept}) come here.
 */
@Component
class HistoryViews implements ArchiveViews {

    private final ObjectMapper json;

    HistoryViews(ObjectMapper json) {
        this.json = json;
    }

    @Override
    public List<String> views(EngineState state, List<EngineRecord> tree) {
        Set<Long> withIncidents = new HashSet<>();
        for (EngineRecord record : tree) {
            if (record instanceof IncidentRecord incident && incident.state == IncidentState.ACTIVE) {
                withIncidents.add(incident.processInstanceKey);
            }
        }
        List<String> views = new ArrayList<>(tree.size());
        for (EngineRecord record : tree) {
            Object view;
            if (record instanceof ProcessInstanceRecord instance) {
                view = Views.processInstance(state, instance, withIncidents);
            } else if (record instanceof ElementInstanceRecord element) {
                view = Views.elementInstance(element);
            } else if (record instanceof VariableRecord variable) {
                view = Views.variable(variable);
            } else if (record instanceof UserTaskRecord task) {
                view = Views.userTask(state, task);
            } else if (record instanceof IncidentRecord incident) {
                view = Views.incident(incident);
            } else if (record instanceof MessageSubscriptionRecord subscription) {
                view = Views.messageSubscription(subscription);
            } else {
                throw new IllegalArgumentException("no history is kept of " + record.kind() + " records");
            }
            try {
                views.add(json.writeValueAsString(view));
            } catch (JsonProcessingException e) {
                throw new IllegalStateException("could not serialise the history of " + record.kind() + " "
                        + record.key, e);
            }
        }
        return views;
    }
}
