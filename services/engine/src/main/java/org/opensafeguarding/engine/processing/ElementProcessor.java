package org.opensafeguarding.engine.processing;

import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.SequenceFlow;
import java.util.List;
import org.opensafeguarding.engine.state.ElementInstanceRecord;

/**
 * What one kind of BPMN element does of its own; the executor keeps the token flow (activation, input and output
 * mappings, leaving, scopes, termination) and asks the element's processor at these points.
 */
interface ElementProcessor {

    /** Rejects an element kind the engine cannot run, as soon as one is entered. */
    ElementProcessor UNSUPPORTED = (instance, node) -> {
        throw new IllegalStateException("unsupported element type " + instance.type);
    };

    /** The element was activated and its input mappings applied: start its work, or leave at once. */
    void onEnter(ElementInstanceRecord instance, FlowNode node);

    /**
     * The sequence flows the element takes when it completes, after its output mappings; null for all its
     * outgoing flows (none for an inner instance of a multi-instance body).
     */
    default List<SequenceFlow> takenFlows(ElementInstanceRecord instance, FlowNode node) {
        return null;
    }

    /** The element instance is being terminated, after its children and its waits ended. */
    default void onTerminate(ElementInstanceRecord instance) {
    }
}
