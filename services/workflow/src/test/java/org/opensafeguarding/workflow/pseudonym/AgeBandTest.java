package org.opensafeguarding.workflow.pseudonym;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

class AgeBandTest {

    @ParameterizedTest
    @CsvSource({
            "2024-01-01, 2024-01-01, 0-27d",
            "2024-01-01, 2024-01-28, 0-27d",
            "2024-01-01, 2024-01-29, 28-364d",
            "2023-01-02, 2024-01-01, 28-364d",
            "2023-01-01, 2024-01-01, 1-4y",
            "2019-01-02, 2024-01-01, 1-4y",
            "2019-01-01, 2024-01-01, 5-9y",
            "2014-01-01, 2024-01-01, 10-14y",
            "2009-01-01, 2024-01-01, 15-17y",
            "2006-01-02, 2024-01-01, 15-17y",
            "2006-01-01, 2024-01-01, 18y+",
            "2024-02-01, 2024-01-01, unknown"})
    void bandAtTheTriggerDate(LocalDate born, LocalDate on, String band) {
        assertThat(AgeBand.at(born, on).code()).isEqualTo(band);
    }

    @ParameterizedTest
    @CsvSource({"0, 0-364d", "1, 1-4y", "4, 1-4y", "5, 5-9y", "14, 10-14y", "17, 15-17y", "18, 18y+", "-1, unknown"})
    void bandFromWholeYears(int years, String band) {
        assertThat(AgeBand.fromYears(years).code()).isEqualTo(band);
    }
}
