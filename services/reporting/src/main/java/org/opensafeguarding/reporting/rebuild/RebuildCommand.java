package org.opensafeguarding.reporting.rebuild;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.stereotype.Component;

/**
 * {@code java -jar reporting-exec.jar --rebuild}: rebuilds the projections, waits for the switch-over and exits
 * (status 0 on success), for a deployment job or an operator without a token at hand.
 */
@Component
public class RebuildCommand implements ApplicationRunner {

    private static final Logger log = LoggerFactory.getLogger(RebuildCommand.class);

    private final RebuildService rebuilds;
    private final ApplicationContext context;

    public RebuildCommand(RebuildService rebuilds, ApplicationContext context) {
        this.rebuilds = rebuilds;
        this.context = context;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!args.containsOption("rebuild")) {
            return;
        }
        int status;
        try {
            RebuildService.Result result = rebuilds.start().done().join();
            log.info("Rebuild command: projection v{} active, {} records replayed in {} ms", result.version(),
                    result.events(), result.millis());
            status = 0;
        } catch (RuntimeException failure) {
            log.error("Rebuild command failed: {}", failure.getClass().getSimpleName());
            status = 1;
        }
        int exit = status;
        System.exit(SpringApplication.exit(context, () -> exit));
    }
}
