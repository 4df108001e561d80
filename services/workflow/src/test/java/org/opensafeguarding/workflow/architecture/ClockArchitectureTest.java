package org.opensafeguarding.workflow.architecture;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * One clock (issue 10): outside {@code org.opensafeguarding.workflow.time}, nothing in the workflow service may read
 * the system clock. A date computed from the system clock is wrong the moment a replay pins the engine to a past
 * year, and nothing else would notice.
 */
class ClockArchitectureTest {

    private static final String SERVICE = "org.opensafeguarding.workflow";

    static ArchRule noSystemClockOutsideTime() {
        return noClasses().that().resideInAPackage(SERVICE + "..")
                .and().resideOutsideOfPackage(SERVICE + ".time..")
                .should().callMethod(Clock.class, "systemUTC")
                .orShould().callMethod(Clock.class, "systemDefaultZone")
                .orShould().callMethod(Clock.class, "system", java.time.ZoneId.class)
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDate.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(OffsetDateTime.class, "now")
                .orShould().callMethod(ZonedDateTime.class, "now")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .because("the workflow service takes \"now\" from its one Clock bean (ClockConfiguration)");
    }

    @Test
    void theServiceReadsTimeOnlyThroughItsClock() {
        JavaClasses service = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(SERVICE);
        assertThat(service.size()).as("classes imported").isGreaterThan(100);
        noSystemClockOutsideTime().check(service);
    }

    /** The rule is not vacuous: a class that reads the system clock breaks it. */
    @Test
    void theRuleCatchesASystemClockRead() {
        JavaClasses offender = new ClassFileImporter().importClasses(Offender.class);
        assertThatThrownBy(() -> noSystemClockOutsideTime().check(offender)).isInstanceOf(AssertionError.class)
                .hasMessageContaining(Offender.class.getName() + ".stamp()").hasMessageContaining("Instant.now()");
    }

    static final class Offender {
        Instant stamp() {
            return Instant.now();
        }
    }
}
