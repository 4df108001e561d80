package org.opensafeguarding.workflow.pseudonym;

import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/** The service must not start without a pseudonym key unless the development fallback is asked for. */
class PseudonymKeyRequiredTest {

    private final ApplicationContextRunner context = new ApplicationContextRunner()
            .withUserConfiguration(PseudonymConfiguration.class);

    @Test
    void noKeyNoStart() {
        context.run(started -> assertThat(started).hasFailed()
                .getFailure().rootCause().hasMessageContaining("safeguarding.pseudonym.key is not set"));
    }

    @Test
    void devKeyOnlyWithTheExplicitProperty() {
        context.withPropertyValues("safeguarding.pseudonym.allow-dev-key=true")
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(Pseudonymiser.class));
    }

    @Test
    void aConfiguredKeyIsUsed() {
        context.withPropertyValues("safeguarding.pseudonym.key=" + "k".repeat(40))
                .run(started -> assertThat(started).hasNotFailed().hasSingleBean(Pseudonymiser.class));
    }
}
