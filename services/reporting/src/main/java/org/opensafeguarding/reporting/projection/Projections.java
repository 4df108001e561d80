package org.opensafeguarding.reporting.projection;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Starts a {@link ProjectionBatch} for a version. */
@Component
public class Projections {

    private final JdbcTemplate jdbc;
    private final BusinessDates businessDates;
    private final WorkingDays workingDays;

    public Projections(JdbcTemplate jdbc, BusinessDates businessDates, WorkingDays workingDays) {
        this.jdbc = jdbc;
        this.businessDates = businessDates;
        this.workingDays = workingDays;
    }

    public ProjectionBatch batch(int version) {
        return new ProjectionBatch(jdbc, version, businessDates, workingDays);
    }
}
