package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

/** The command-line verification: exit 0 for a chain that holds, 1 for a broken one, 2 when it cannot be checked. */
class AuditVerifyCommandTest {

    record Run(int exitCode, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = AuditVerifyCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Run verify(AuditTestDatabase db) {
        return run("--spring.datasource.url=" + db.serviceUrl(),
                "--spring.datasource.username=" + AuditTestDatabase.SERVICE_ROLE);
    }

    @Test
    void exitsZeroForAChainThatHoldsAndOneForABrokenOne() throws Exception {
        AuditTestDatabase db = AuditTestDatabase.migrated("audit_cli");
        for (int i = 0; i < 5; i++) {
            db.record("user:a", Integer.toString(i));
        }

        Run ok = verify(db);
        assertThat(ok.exitCode()).as(ok.err()).isZero();
        JsonNode result = new ObjectMapper().readTree(ok.out());
        assertThat(result.get("verified").asBoolean()).isTrue();
        assertThat(result.get("rowsChecked").asLong()).isEqualTo(5);

        db.tamper("DELETE FROM audit_log WHERE id = 3");
        Run broken = verify(db);
        assertThat(broken.exitCode()).isEqualTo(1);
        JsonNode report = new ObjectMapper().readTree(broken.out());
        assertThat(report.get("verified").asBoolean()).isFalse();
        assertThat(report.get("firstBrokenRowId").asLong()).isEqualTo(4);
        assertThat(report.get("problemCode").asText()).isEqualTo("CHAIN_BROKEN");
    }

    @Test
    void exitsTwoWhenTheDatabaseCannotBeReached() throws Exception {
        int nothingListens;
        try (ServerSocket s = new ServerSocket(0)) {
            nothingListens = s.getLocalPort();
        }
        Run away = run("--spring.datasource.url=jdbc:postgresql://127.0.0.1:" + nothingListens + "/workflow",
                "--spring.datasource.hikari.connection-timeout=250");

        assertThat(away.exitCode()).isEqualTo(2);
        assertThat(away.err()).contains("could not be verified");
        assertThat(away.out()).isEmpty();
    }
}
