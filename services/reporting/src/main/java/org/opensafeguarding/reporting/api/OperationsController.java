package org.opensafeguarding.reporting.api;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;
import org.opensafeguarding.reporting.consumption.SequenceGaps;
import org.opensafeguarding.reporting.rebuild.RebuildService;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** For operators: rebuild the projections from the topic, see versions, parked records and held events. */
@RestController
@RequestMapping(value = "/api/operations", produces = MediaType.APPLICATION_JSON_VALUE)
@Tag(name = "operations")
public class OperationsController {

    private final RebuildService rebuilds;
    private final SequenceGaps gaps;
    private final JdbcTemplate jdbc;

    public OperationsController(RebuildService rebuilds, SequenceGaps gaps, JdbcTemplate jdbc) {
        this.rebuilds = rebuilds;
        this.gaps = gaps;
        this.jdbc = jdbc;
    }

    @PostMapping("/projections/rebuild")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Build a new projection version from the beginning of the topic, then switch to it")
    public Map<String, Object> rebuild() {
        RebuildService.Started started = rebuilds.start();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", started.version());
        body.put("state", "BUILDING");
        return body;
    }

    @GetMapping("/projections")
    @Operation(summary = "Projection versions and their states")
    public List<Map<String, Object>> versions() {
        return rebuilds.versions();
    }

    @GetMapping("/events")
    @Operation(summary = "Held and parked counts, and the parked records' reasons (codes and positions, never the record)")
    public Map<String, Object> events() {
        SequenceGaps.Snapshot s = gaps.snapshot();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("projectionVersion", s.version());
        body.put("heldEvents", s.heldEvents());
        body.put("staleGaps", s.staleGaps());
        body.put("parkedEvents", s.parkedEvents());
        body.put("parked", jdbc.queryForList("SELECT id, topic, kafka_partition AS partition, kafka_offset AS offset, "
                + "event_id, event_type, sequence, reason, field, rule, parked_at FROM parked_event "
                + "WHERE projection_version = ? ORDER BY id LIMIT 1000", s.version()));
        return body;
    }
}
