package org.opensafeguarding.workflow.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

import java.io.PrintStream;

/**
 * Verifies the audit trail's hash chain from the command line and exits 0 when it holds, 1 when it is broken and 2
 * when it could not be checked (docs/security.md, "Audit trail"). It starts only a data source, from the service's
 * own configuration ({@code workflow.yml}, {@code SPRING_DATASOURCE_*}, {@code --spring.datasource.*}): no web
 * server, workers, Kafka or migrations. From the service's jar:
 *
 * <pre>
 * java -Dloader.main=org.opensafeguarding.workflow.audit.AuditVerifyCommand -cp workflow-0.1.0-SNAPSHOT-exec.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --spring.datasource.url=jdbc:postgresql://...
 * </pre>
 */
public final class AuditVerifyCommand {

    private AuditVerifyCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Prints the result as JSON on {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                // the result is the output: the service's INFO logging would bury it (a default; --logging... wins)
                .properties("spring.config.name=" + WorkflowApplication.CONFIG_NAME, "logging.level.root=WARN")
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run(args)) {
            AuditChainVerifier.Result result = context.getBean(AuditChainVerifier.class).verify();
            out.println(new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(result));
            return result.verified() ? 0 : 1;
        } catch (Exception e) {
            err.println("The audit trail could not be verified: " + e.getMessage());
            return 2;
        }
    }

    /** Only what verification needs; deliberately not a component, so the service's own scan leaves it alone. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JdbcClientAutoConfiguration.class})
    @Import(AuditChainVerifier.class)
    static class Context {
    }
}
