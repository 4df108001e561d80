package org.opensafeguarding.reporting.consumption;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import java.util.List;

/** Which projection versions exist: the active one answers queries; a building one is filled by a rebuild. */
@Component
public class ProjectionVersions {

    private final JdbcTemplate jdbc;

    public ProjectionVersions(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public int active() {
        return jdbc.queryForObject("SELECT version FROM projection_version WHERE state = 'ACTIVE'", Integer.class);
    }

    /** Live events go to the active version and to a version being rebuilt, so the rebuild misses nothing. */
    public List<Integer> open() {
        return jdbc.queryForList("SELECT version FROM projection_version WHERE state IN ('ACTIVE', 'BUILDING') "
                + "ORDER BY version", Integer.class);
    }
}
