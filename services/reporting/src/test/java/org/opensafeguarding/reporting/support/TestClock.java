package org.opensafeguarding.reporting.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import java.time.Instant;

/** The service's "today" in tests: 2026-03-10 (a Tuesday) at noon, unless a test moves it. */
@TestConfiguration
public class TestClock {

    public static final Instant START = Instant.parse("2026-03-10T12:00:00Z");

    @Bean
    @Primary
    MutableClock testClock() {
        return new MutableClock(START);
    }
}
