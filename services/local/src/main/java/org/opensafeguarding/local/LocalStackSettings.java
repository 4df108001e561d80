package org.opensafeguarding.local;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Where the local stack keeps its data and which ports it listens on. Each value comes from a
 * command-line flag ({@code --data-dir=...}), else an environment variable ({@code SAFEGUARDING_DATA_DIR}),
 * else the documented default.
 */
public record LocalStackSettings(
        Path dataDirectory,
        boolean clean,
        int postgresPort,
        int kafkaPort,
        int kafkaControllerPort,
        int engineRestPort,
        int engineGrpcPort,
        int engineManagementPort,
        int workflowPort,
        int reportingPort,
        int workflowManagementPort,
        int reportingManagementPort,
        int identityPort,
        int webPort,
        int webManagementPort,
        boolean mail,
        int mailSmtpPort,
        int mailImapPort,
        boolean movableClock) {

    static final String USAGE = """
            Usage: java -jar safeguarding-local.jar [--clean] [--data-dir=DIR] [--postgres-port=N] [--kafka-port=N]
                   [--kafka-controller-port=N] [--engine-rest-port=N] [--engine-grpc-port=N]
                   [--engine-management-port=N] [--workflow-port=N] [--reporting-port=N]
                   [--workflow-management-port=N] [--reporting-management-port=N] [--identity-port=N]
                   [--web-port=N] [--web-management-port=N] [--mail] [--mail-smtp-port=N] [--mail-imap-port=N]
              --clean      delete the data folder first and start with nothing
              --data-dir   where PostgreSQL and Kafka keep their files (default ./data)
              --mail       switch reporting's alerts on and deliver their emails to an embedded mail server
                           (GreenMail, in memory: SMTP 2525, IMAP 2143 on loopback; read them with any IMAP client)
            Each flag can also be given as an environment variable, e.g. SAFEGUARDING_DATA_DIR, SAFEGUARDING_KAFKA_PORT.
            """;

    public static LocalStackSettings from(String[] args, Map<String, String> environment) {
        Options options = new Options(args, environment);
        return new LocalStackSettings(
                Path.of(options.value("data-dir", "data")).toAbsolutePath().normalize(),
                options.flag("clean"),
                options.port("postgres-port", 15432),
                options.port("kafka-port", 9092),
                options.port("kafka-controller-port", 9093),
                options.port("engine-rest-port", 8080),
                options.port("engine-grpc-port", 26500),
                options.port("engine-management-port", 9600),
                options.port("workflow-port", 8081),
                options.port("reporting-port", 8082),
                options.port("workflow-management-port", 9081),
                options.port("reporting-management-port", 9082),
                options.port("identity-port", 8084),
                options.port("web-port", 8083),
                options.port("web-management-port", 9083),
                options.flag("mail"),
                options.port("mail-smtp-port", 2525),
                options.port("mail-imap-port", 2143),
                false);
    }

    /**
     * For tests that replay days through the whole stack: the engine serves its clock endpoints
     * ({@code engine.testing.enabled}) and the workflow service reads the engine's clock (its replay profile), so
     * pinning the engine's clock moves every date. Deliberately no flag or environment variable: anyone holding an
     * engine-operator token could then move the clock of a stack with real cases.
     */
    LocalStackSettings withMovableClock() {
        return new LocalStackSettings(dataDirectory, clean, postgresPort, kafkaPort, kafkaControllerPort,
                engineRestPort, engineGrpcPort, engineManagementPort, workflowPort, reportingPort, workflowManagementPort,
                reportingManagementPort, identityPort, webPort, webManagementPort, mail,
                mailSmtpPort, mailImapPort, true);
    }

    /** Command-line flags first, then environment variables; unknown flags are errors, not silently ignored. */
    private static final class Options {
        private static final List<String> KNOWN = List.of("clean", "data-dir", "postgres-port", "kafka-port",
                "kafka-controller-port", "engine-rest-port", "engine-grpc-port", "engine-management-port",
                "workflow-port", "reporting-port", "workflow-management-port", "reporting-management-port", "identity-port",
                "web-port", "web-management-port", "mail", "mail-smtp-port", "mail-imap-port");

        private final Map<String, String> flags = new java.util.HashMap<>();
        private final Map<String, String> environment;

        Options(String[] args, Map<String, String> environment) {
            this.environment = environment;
            List<String> unknown = new ArrayList<>();
            for (String arg : args) {
                if (!arg.startsWith("--")) {
                    unknown.add(arg);
                    continue;
                }
                String body = arg.substring(2);
                int eq = body.indexOf('=');
                String name = eq < 0 ? body : body.substring(0, eq);
                if (!KNOWN.contains(name)) {
                    unknown.add(arg);
                    continue;
                }
                flags.put(name, eq < 0 ? "true" : body.substring(eq + 1));
            }
            if (!unknown.isEmpty()) {
                throw new IllegalArgumentException("unknown argument(s) " + unknown + "\n" + USAGE);
            }
        }

        String value(String name, String fallback) {
            String flag = flags.get(name);
            if (flag != null) {
                return flag;
            }
            String env = environment.get("SAFEGUARDING_" + name.toUpperCase().replace('-', '_'));
            return env != null && !env.isBlank() ? env : fallback;
        }

        boolean flag(String name) {
            return Boolean.parseBoolean(value(name, "false"));
        }

        int port(String name, int fallback) {
            String raw = value(name, Integer.toString(fallback));
            try {
                int port = Integer.parseInt(raw.trim());
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return port;
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--" + name + " must be a port number from 1 to 65535, got '" + raw + "'");
            }
        }
    }
}
