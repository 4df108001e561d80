package org.opensafeguarding.engine.processing;

import org.opensafeguarding.engine.state.ProcessInstanceRecord;

/** What the command processor wants to hear from the executor, to act on after the batch is committed. */
interface ExecutionListener {

    void processInstanceEnded(ProcessInstanceRecord instance);

    /** A job became activatable: waiting long-poll activations may now be served. */
    void jobAvailable(String type);

    /** A user task's transition ended: taken effect (refusal null), denied by a listener, or cut short. */
    void userTaskTransitionEnded(long userTaskKey, EngineException refusal);
}
