package org.opensafeguarding.web;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

/**
 * The web app caseworkers, managers and operators use: server-rendered pages over the workflow and reporting APIs,
 * called with the signed-in person's own access token. It keeps no case data: every page is asked for afresh.
 */
@SpringBootApplication
@EnableConfigurationProperties(WebProperties.class)
public class WebApplication {

    /** Reads {@code web.yml}: the local stack runs several services in one JVM and each keeps its own settings. */
    public static final String CONFIG_NAME = "web";

    public static SpringApplicationBuilder builder() {
        return new SpringApplicationBuilder(WebApplication.class).properties("spring.config.name=" + CONFIG_NAME);
    }

    public static void main(String[] args) {
        builder().run(args);
    }
}
