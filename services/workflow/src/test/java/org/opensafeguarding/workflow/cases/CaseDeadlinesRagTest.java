package org.opensafeguarding.workflow.cases;

import org.junit.jupiter.api.Test;

import java.time.LocalDate;

import static org.assertj.core.api.Assertions.assertThat;

/** RAG today as the reporting service computes it (docs/reporting.md), for one case's deadlines. */
class CaseDeadlinesRagTest {

    private static final LocalDate TODAY = LocalDate.of(2024, 3, 8);
    /** Fri 8 Mar + 2 working days. */
    private static final LocalDate AMBER_FROM = LocalDate.of(2024, 3, 12);

    @Test
    void openDeadlinesAreGreenThenAmberThenRed() {
        assertThat(CaseDeadlines.rag("OPEN", LocalDate.of(2024, 3, 13), true, TODAY, AMBER_FROM)).isEqualTo("GREEN");
        assertThat(CaseDeadlines.rag("OPEN", AMBER_FROM, true, TODAY, AMBER_FROM)).isEqualTo("AMBER");
        assertThat(CaseDeadlines.rag("OPEN", TODAY, true, TODAY, AMBER_FROM)).isEqualTo("AMBER");
        assertThat(CaseDeadlines.rag("OPEN", TODAY.minusDays(1), true, TODAY, AMBER_FROM)).isEqualTo("RED");
    }

    @Test
    void aBreachIsRedWhileTheCaseIsOpenAndResolvedDeadlinesHaveNone() {
        assertThat(CaseDeadlines.rag("BREACHED", LocalDate.of(2024, 4, 1), true, TODAY, AMBER_FROM)).isEqualTo("RED");
        assertThat(CaseDeadlines.rag("BREACHED", TODAY, false, TODAY, AMBER_FROM)).isNull();
        assertThat(CaseDeadlines.rag("MET", TODAY, true, TODAY, AMBER_FROM)).isNull();
        assertThat(CaseDeadlines.rag("LAPSED", TODAY, false, TODAY, AMBER_FROM)).isNull();
    }
}
