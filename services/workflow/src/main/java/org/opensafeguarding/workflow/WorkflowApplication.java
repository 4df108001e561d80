package org.opensafeguarding.workflow;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * The workflow service: deploys the statutory processes, runs their job workers, takes referrals in
 * and keeps the case records. Everything it needs comes from Spring properties or environment
 * variables, so the same jar runs in the local stack and against real servers.
 */
@SpringBootApplication
public class WorkflowApplication {

    /**
     * The service reads {@code workflow.yml}, not {@code application.yml}: the local stack runs several services
     * in one JVM, where a shared config name would let one service's settings shadow another's.
     */
    public static final String CONFIG_NAME = "workflow";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WorkflowApplication.class)
                .properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
