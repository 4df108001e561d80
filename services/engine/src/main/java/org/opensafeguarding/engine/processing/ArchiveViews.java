package org.opensafeguarding.engine.processing;

import java.util.List;
import org.opensafeguarding.engine.state.EngineRecord;
import org.opensafeguarding.engine.state.EngineState;

/**
 * Turns the records of an ended instance tree into what searches return for them (JSON), on the processing
 * thread while the state they refer to (definitions, incidents) is still at hand; the history table keeps that.
 */
public interface ArchiveViews {

    /** One JSON document per record, in the same order. */
    List<String> views(EngineState state, List<EngineRecord> tree);
}
