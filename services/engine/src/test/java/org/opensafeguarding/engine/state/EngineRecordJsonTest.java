package org.opensafeguarding.engine.state;

import com.fasterxml.jackson.annotation.JsonAutoDetect;
import com.fasterxml.jackson.annotation.PropertyAccessor;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * States became enums without changing what engine_record holds: rows written when they were strings load, and
 * rows written now carry the same names.
 */
class EngineRecordJsonTest {

    /** The store's JSON settings (StateStore). */
    private final ObjectMapper json = new ObjectMapper()
            .setVisibility(PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(PropertyAccessor.FIELD, JsonAutoDetect.Visibility.PUBLIC_ONLY)
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    @Test
    void everyStateReadsFromAndWritesAsItsName() throws Exception {
        for (JobState state : JobState.values()) {
            JobRecord job = roundTrip("{\"key\":7,\"state\":\"" + state.name() + "\",\"type\":\"mail\"}",
                    JobRecord.class, state.name());
            assertThat(job.state).isEqualTo(state);
        }
        for (MessageSubscriptionState state : MessageSubscriptionState.values()) {
            assertThat(roundTrip("{\"key\":7,\"state\":\"" + state.name() + "\"}", MessageSubscriptionRecord.class,
                    state.name()).state).isEqualTo(state);
        }
        for (IncidentState state : IncidentState.values()) {
            assertThat(roundTrip("{\"key\":7,\"state\":\"" + state.name() + "\"}", IncidentRecord.class,
                    state.name()).state).isEqualTo(state);
        }
        for (ProcessInstanceState state : ProcessInstanceState.values()) {
            assertThat(roundTrip("{\"key\":7,\"state\":\"" + state.name() + "\"}", ProcessInstanceRecord.class,
                    state.name()).state).isEqualTo(state);
        }
        for (ElementInstanceState state : ElementInstanceState.values()) {
            assertThat(roundTrip("{\"key\":7,\"state\":\"" + state.name() + "\"}", ElementInstanceRecord.class,
                    state.name()).state).isEqualTo(state);
        }
    }

    @Test
    void aRowWithoutAStateLoadsWithTheDefaultOfANewRecord() throws Exception {
        assertThat(json.readValue("{\"key\":7}", JobRecord.class).state).isEqualTo(JobState.CREATED);
        assertThat(json.readValue("{\"key\":7}", IncidentRecord.class).state).isEqualTo(IncidentState.ACTIVE);
    }

    private <T extends EngineRecord> T roundTrip(String stored, Class<T> type, String name) throws Exception {
        T record = json.readValue(stored, type);
        assertThat(json.readTree(json.writeValueAsString(record)).get("state").asText()).isEqualTo(name);
        return record;
    }
}
