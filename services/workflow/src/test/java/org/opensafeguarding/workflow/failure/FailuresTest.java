package org.opensafeguarding.workflow.failure;

import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;
import org.postgresql.util.PSQLException;
import org.postgresql.util.PSQLState;
import org.postgresql.util.ServerErrorMessage;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.IncorrectResultSizeDataAccessException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionTimedOutException;

import java.sql.SQLTransientConnectionException;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** Real PostgreSQL driver exceptions, wrapped as Spring wraps them, sorted into "retry" and "park". */
class FailuresTest {

    /** What the server sends for a refused row: severity, SQLState, message, detail, where (fields split by NUL). */
    static PSQLException server(String sqlState, String message, String detail) {
        return new PSQLException(new ServerErrorMessage("SERROR\0C" + sqlState + "\0M" + message + "\0D" + detail
                + "\0WJSON data, line 1: {\"name\":\"Throckmorton\0"));
    }

    /** As JdbcClient throws it: Spring's exception, with the SQL and the driver's exception as cause. */
    static RuntimeException fromJdbc(PSQLException e) {
        return new UncategorizedSQLException("PreparedStatementCallback", "INSERT INTO referral ...", e);
    }

    static Stream<Arguments> failures() {
        return Stream.of(
                Arguments.of("escaped NUL in jsonb (22P05)", fromJdbc(server("22P05", "unsupported Unicode escape sequence",
                        "\\u0000 cannot be converted to text.")), Failure.Kind.STORAGE_REFUSED, "22P05"),
                Arguments.of("check constraint (23514)", new DataIntegrityViolationException("x",
                        server("23514", "new row violates check constraint", "Failing row contains (Throckmorton)")),
                        Failure.Kind.STORAGE_REFUSED, "23514"),
                Arguments.of("unique (23505)", new DataIntegrityViolationException("x",
                        server("23505", "duplicate key", "Key (name)=(Throckmorton) already exists")),
                        Failure.Kind.STORAGE_REFUSED, "23505"),
                Arguments.of("value too long (22001)", fromJdbc(server("22001", "value too long", "")),
                        Failure.Kind.STORAGE_REFUSED, "22001"),
                Arguments.of("undefined column in our SQL (42703)", new BadSqlGrammarException("q", "SELECT nope",
                        server("42703", "column nope does not exist", "")), Failure.Kind.STORAGE_REFUSED, "42703"),
                Arguments.of("raised by a trigger (P0001)", fromJdbc(server("P0001", "refused", "")),
                        Failure.Kind.STORAGE_REFUSED, "P0001"),
                Arguments.of("connection refused (08001)", new CannotGetJdbcConnectionException("no connection",
                        new PSQLException("Connection refused", PSQLState.CONNECTION_UNABLE_TO_CONNECT)),
                        Failure.Kind.TRANSIENT, "08001"),
                Arguments.of("connection lost mid-statement (08006)", fromJdbc(new PSQLException("An I/O error occurred",
                        PSQLState.CONNECTION_FAILURE)), Failure.Kind.TRANSIENT, "08006"),
                Arguments.of("serialization failure (40001)", fromJdbc(server("40001", "could not serialize", "")),
                        Failure.Kind.TRANSIENT, "40001"),
                Arguments.of("deadlock (40P01)", fromJdbc(server("40P01", "deadlock detected", "")),
                        Failure.Kind.TRANSIENT, "40P01"),
                Arguments.of("lock timeout (55P03)", fromJdbc(server("55P03", "lock not available", "")),
                        Failure.Kind.TRANSIENT, "55P03"),
                Arguments.of("statement timeout (57014)", fromJdbc(server("57014", "canceling statement", "")),
                        Failure.Kind.TRANSIENT, "57014"),
                Arguments.of("admin shutdown (57P01)", fromJdbc(server("57P01", "terminating connection", "")),
                        Failure.Kind.TRANSIENT, "57P01"),
                Arguments.of("cannot connect now (57P03)", fromJdbc(server("57P03", "the database system is starting up", "")),
                        Failure.Kind.TRANSIENT, "57P03"),
                Arguments.of("too many connections (53300)", fromJdbc(server("53300", "too many clients", "")),
                        Failure.Kind.TRANSIENT, "53300"),
                Arguments.of("pool timeout", new CannotGetJdbcConnectionException("pool",
                        new SQLTransientConnectionException("Connection is not available")), Failure.Kind.TRANSIENT, null),
                Arguments.of("transaction timed out", new TransactionTimedOutException("deadline"), Failure.Kind.TRANSIENT, null),
                Arguments.of("no transaction", new CannotCreateTransactionException("no connection"), Failure.Kind.TRANSIENT, null),
                Arguments.of("Kafka", new TimeoutException("broker"), Failure.Kind.TRANSIENT, null),
                Arguments.of("a bug: NullPointerException", new NullPointerException("x"), Failure.Kind.PROCESSING_FAILED, null),
                Arguments.of("a bug: a query expected one row", new IncorrectResultSizeDataAccessException(1, 0),
                        Failure.Kind.PROCESSING_FAILED, null),
                Arguments.of("a bug wrapped", new IllegalStateException("x", new IllegalArgumentException("y")),
                        Failure.Kind.PROCESSING_FAILED, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("failures")
    void eachFailureIsSortedByWhatRetryingCanDo(String description, Throwable error, Failure.Kind kind, String sqlState) {
        Failure failure = Failures.classify(error);

        assertThat(failure.kind()).isEqualTo(kind);
        assertThat(failure.sqlState()).isEqualTo(sqlState);
        assertThat(failure.toString()).doesNotContain("Throckmorton");
        assertThat(Failures.describe(error)).doesNotContain("Throckmorton", "INSERT INTO");
    }

    @Test
    void aDatabaseErrorIsDescribedByItsClassesAndSqlStateOnly() {
        RuntimeException error = new IllegalStateException("store failed",
                new DataIntegrityViolationException("insert: Failing row contains (Throckmorton)",
                        server("23514", "new row violates check constraint", "Failing row contains (Throckmorton)")));

        assertThat(Failures.describe(error))
                .isEqualTo("IllegalStateException <- DataIntegrityViolationException <- PSQLException[23514]");
        assertThat(Failures.classify(error).toString()).isEqualTo("storage-refused PSQLException[23514]");
        assertThat(Failures.classify(error).rule()).isEqualTo("23514");
    }

    @Test
    void otherFailuresKeepTheirMessages() {
        assertThat(Failures.describe(new IllegalStateException("could not write", new java.io.IOException("refused"))))
                .isEqualTo("IllegalStateException: could not write <- IOException: refused");
    }
}
