package org.opensafeguarding.reporting;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The reporting service: turns pseudonymised case events from Kafka into projections (timelines,
 * deadline dashboards, annual-report tables). Rebuildable by replaying the topic.
 */
@SpringBootApplication
public class ReportingApplication {

    /**
     * The service reads {@code reporting.yml}, not {@code application.yml}: the local stack runs several services
     * in one JVM, where a shared config name would let one service's settings shadow another's.
     */
    public static final String CONFIG_NAME = "reporting";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(ReportingApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
