package org.opensafeguarding.workflow.history;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.opensafeguarding.workflow.WorkflowApplication;
import org.opensafeguarding.workflow.audit.AuditLog;
import org.opensafeguarding.workflow.casefile.CaseRepository;
import org.opensafeguarding.workflow.casefile.RegimeProperties;
import org.opensafeguarding.workflow.events.CaseEventLog;
import org.opensafeguarding.workflow.events.CaseEvents;
import org.opensafeguarding.workflow.lado.KcsieEditions;
import org.opensafeguarding.workflow.notices.NcmdProperties;
import org.opensafeguarding.workflow.outbox.OutboxWriter;
import org.opensafeguarding.workflow.pseudonym.PseudonymProperties;
import org.opensafeguarding.workflow.pseudonym.Pseudonymiser;
import org.opensafeguarding.workflow.tenancy.Tenancy;
import org.opensafeguarding.workflow.time.ClockConfiguration;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.autoconfigure.jackson.JacksonAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcClientAutoConfiguration;
import org.springframework.boot.autoconfigure.jdbc.JdbcTemplateAutoConfiguration;
import org.springframework.boot.autoconfigure.transaction.TransactionAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The history import from the command line, for files too large for one request or a migration run by an operator
 * (docs/import.md). It starts only a data source and what the import writes with, from the service's own
 * configuration ({@code workflow.yml}, {@code SPRING_DATASOURCE_*}, {@code SAFEGUARDING_PSEUDONYM_KEY}): no web server,
 * workers, Kafka or migrations. The events wait in the outbox until the running service's relay publishes them.
 * Exit code 0 when imported (or nothing new), 1 when the file was refused (every fault is printed), 2 when it could
 * not run. From the service's jar:
 *
 * <pre>
 * java -Dloader.main=org.opensafeguarding.workflow.history.HistoryImportCommand -cp workflow-0.1.0-SNAPSHOT-exec.jar \
 *      org.springframework.boot.loader.launch.PropertiesLauncher --type=lado-allegation --tenant=leeds \
 *      --file=lado-2015-2024.csv --operator=jsmith [--dry-run] --spring.datasource.url=jdbc:postgresql://...
 * </pre>
 */
public final class HistoryImportCommand {

    private static final String ACTOR_PREFIX = "command:history-import:";

    private HistoryImportCommand() {
    }

    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /** Prints the result (or the faults) as JSON on {@code out}; returns the exit code. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        Map<String, String> own = new LinkedHashMap<>();
        List<String> spring = new ArrayList<>();
        boolean dryRun = false;
        for (String arg : args) {
            if (arg.equals("--dry-run")) {
                dryRun = true;
            } else if (arg.startsWith("--type=") || arg.startsWith("--tenant=") || arg.startsWith("--file=")
                    || arg.startsWith("--operator=")) {
                own.put(arg.substring(2, arg.indexOf('=')), arg.substring(arg.indexOf('=') + 1));
            } else {
                spring.add(arg);
            }
        }
        for (String required : List.of("type", "tenant", "file", "operator")) {
            if (own.getOrDefault(required, "").isBlank()) {
                err.println("Missing --" + required + "=...; usage: --type=lado-allegation|child-death|case-review "
                        + "--tenant=<tenant> --file=<path.csv> --operator=<your staff id> [--dry-run]");
                return 2;
            }
        }
        ImportType type = ImportType.fromPath(own.get("type")).orElse(null);
        if (type == null) {
            err.println("Unknown --type; use lado-allegation, child-death or case-review");
            return 2;
        }
        if (!own.get("operator").matches("^[A-Za-z0-9][A-Za-z0-9._@-]{0,99}$")) {
            err.println("--operator must be a staff id (letters, digits, . _ @ -), as audit rows carry it");
            return 2;
        }
        byte[] csv;
        try {
            csv = Files.readAllBytes(Path.of(own.get("file")));
        } catch (IOException e) {
            err.println("The file could not be read: " + e.getClass().getSimpleName());
            return 2;
        }
        ObjectMapper json = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(Context.class)
                .properties("spring.config.name=" + WorkflowApplication.CONFIG_NAME, "logging.level.root=WARN")
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .registerShutdownHook(false)
                .run(spring.toArray(String[]::new))) {
            HistoryImporter importer = context.getBean(HistoryImporter.class);
            try {
                HistoryImporter.Result result = importer.importFile(type, csv, own.get("tenant"),
                        new HistoryImporter.Importer(ACTOR_PREFIX + own.get("operator"), Set.of(), null), dryRun);
                out.println(json.writeValueAsString(result));
                return 0;
            } catch (HistoryImportRejectedException e) {
                out.println(json.writeValueAsString(Map.of("imported", 0, "faults", e.violations().size(),
                        "errors", e.violations())));
                return 1;
            }
        } catch (Exception e) {
            // the class only: a database error's message can quote a row
            err.println("The import could not run and nothing was imported: " + e.getClass().getSimpleName());
            return 2;
        }
    }

    /** Only what the import writes with; deliberately not a component, so the service's own scan leaves it alone. */
    @ImportAutoConfiguration({DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
            JdbcClientAutoConfiguration.class, DataSourceTransactionManagerAutoConfiguration.class,
            TransactionAutoConfiguration.class, JacksonAutoConfiguration.class, ClockConfiguration.class})
    @Import({CaseRepository.class, OutboxWriter.class, CaseEventLog.class, CaseEvents.class, AuditLog.class, Tenancy.class,
            KcsieEditions.class, HistoryImporter.class})
    @EnableConfigurationProperties({PseudonymProperties.class, RegimeProperties.class, NcmdProperties.class})
    static class Context {

        @Bean
        Pseudonymiser pseudonymiser(PseudonymProperties properties) {
            return Pseudonymiser.fromProperties(properties);
        }
    }
}
