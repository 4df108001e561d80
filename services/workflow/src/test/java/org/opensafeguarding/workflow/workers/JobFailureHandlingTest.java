package org.opensafeguarding.workflow.workers;

import io.camunda.client.api.CamundaFuture;
import io.camunda.client.api.command.FailJobCommandStep1;
import io.camunda.client.api.command.FailJobCommandStep1.FailJobCommandStep2;
import io.camunda.client.api.response.FailJobResponse;
import io.camunda.client.api.worker.JobClient;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy.ExceptionHandlingContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.opensafeguarding.workflow.casefile.InvalidCaseDataException;
import org.springframework.dao.DataAccessResourceFailureException;

import java.time.Duration;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.argThat;

/** How a failing worker fails its job: bad input goes straight to an incident, anything else is retried. */
class JobFailureHandlingTest {

    private final JobFailureHandling handling = new JobFailureHandling(new WorkerProperties(Duration.ofSeconds(10), 200));
    private final JobClient client = mock(JobClient.class);
    private final FailJobCommandStep1 step1 = mock(FailJobCommandStep1.class);
    private final FailJobCommandStep2 step2 = mock(FailJobCommandStep2.class);
    private final TestJob job = TestJob.of("deadline.compute", "ComputeDeadlines");

    @BeforeEach
    @SuppressWarnings("unchecked")
    void failCommand() {
        when(client.newFailCommand(job)).thenReturn(step1);
        when(step1.retries(anyInt())).thenReturn(step2);
        when(step2.errorMessage(anyString())).thenReturn(step2);
        when(step2.retryBackoff(any())).thenReturn(step2);
        when(step2.send()).thenReturn((CamundaFuture<FailJobResponse>) mock(CamundaFuture.class));
    }

    @Test
    void badInputRaisesAnIncidentAtOnceWithAMessageNamingTheFieldAndRule() {
        handling.handleException(new InvalidCaseDataException("header timescaleIds: unknown timescale 'L2c'"),
                new ExceptionHandlingContext(client, job, null));

        verify(step1).retries(0);
        verify(step2).errorMessage("deadline.compute at ComputeDeadlines: header timescaleIds: unknown timescale 'L2c'");
        verify(step2).retryBackoff(Duration.ZERO);
    }

    @Test
    void aFailureThatMayPassIsRetriedAfterTheBackOffWithoutAStackTrace() {
        handling.handleException(new IllegalStateException("could not write",
                        new DataAccessResourceFailureException("connection refused")),
                new ExceptionHandlingContext(client, job, null));

        verify(step1).retries(2);
        verify(step2).retryBackoff(Duration.ofSeconds(10));
        verify(step2).errorMessage(argThat(message -> {
            assertThat(message).startsWith("deadline.compute at ComputeDeadlines could not be done (the engine will retry)")
                    .contains("IllegalStateException; caused by DataAccessResourceFailureException")
                    .doesNotContain("\tat ");
            return true;
        }));
    }

    @Test
    void aDatabaseErrorsWordsNeverReachTheIncident() {
        java.sql.SQLException refused = new java.sql.SQLException(
                "ERROR: new row violates check constraint; Detail: Failing row contains (Throckmorton)", "23514");
        handling.handleException(new org.springframework.dao.DataIntegrityViolationException("insert failed: Throckmorton",
                refused), new ExceptionHandlingContext(client, job, null));

        verify(step2).errorMessage(argThat(message -> {
            assertThat(message).contains("DataIntegrityViolationException; caused by SQLException[23514]")
                    .doesNotContain("Throckmorton");
            return true;
        }));
    }

    @Test
    void longMessagesAreCut() {
        handling.handleException(new InvalidCaseDataException("x".repeat(500)), new ExceptionHandlingContext(client, job, null));

        verify(step2).errorMessage(argThat(message -> message.length() == 200 && message.endsWith("...")));
    }
}
