package org.opensafeguarding.engine.management;

import java.util.LinkedHashMap;
import java.util.Map;
import org.opensafeguarding.engine.clock.EngineClock;
import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;
import org.springframework.boot.actuate.endpoint.annotation.DeleteOperation;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.lang.Nullable;
import org.springframework.stereotype.Component;

/**
 * The controllable clock, at the paths Camunda's actuator uses: GET /actuator/clock, POST /actuator/clock/pin
 * {"timestamp": epochMillis}, POST /actuator/clock/add {"offsetMilli": millis}, DELETE /actuator/clock.
 *
 * <p>Exists only with {@code engine.testing.enabled=true} (test and replay profiles).
 */
@Component
@ConditionalOnProperty(name = "engine.testing.enabled", havingValue = "true")
@Endpoint(id = "clock")
public class ClockEndpoint {

    private final EngineClock clock;

    public ClockEndpoint(EngineClock clock) {
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> current() {
        return describe();
    }

    @WriteOperation
    public Map<String, Object> change(@Selector String operation, @Nullable Long timestamp,
                                      @Nullable Long offsetMilli) {
        switch (operation) {
            case "pin" -> {
                if (timestamp == null) {
                    throw badRequest("timestamp: expected epoch milliseconds to pin the clock to");
                }
                clock.pin(timestamp);
            }
            case "add" -> {
                if (offsetMilli == null) {
                    throw badRequest("offsetMilli: expected milliseconds to move the clock by");
                }
                clock.add(offsetMilli);
            }
            default -> throw badRequest("operation: expected 'pin' or 'add', but was '"
                    + operation + "'");
        }
        return describe();
    }

    @DeleteOperation
    public Map<String, Object> reset() {
        clock.reset();
        return describe();
    }

    private Map<String, Object> describe() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("epochMilli", clock.millis());
        body.put("instant", clock.instant().toString());
        body.put("pinned", clock.isPinned());
        return body;
    }

    /** 400 with the message, as the actuator answers a bad request (an IllegalArgumentException would be a 500). */
    private static InvalidEndpointRequestException badRequest(String message) {
        return new InvalidEndpointRequestException(message, message);
    }
}
