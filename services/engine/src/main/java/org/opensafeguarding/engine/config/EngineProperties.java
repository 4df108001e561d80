package org.opensafeguarding.engine.config;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The engine's own settings, all under {@code engine.*} so they never collide with a host application's. */
@ConfigurationProperties(prefix = "engine")
public class EngineProperties {

    public static final String DEFAULT_BIND_ADDRESS = "127.0.0.1";

    /** True when started through EmbeddedEngine; then only engine.datasource.* is consulted. */
    private boolean embedded;
    /** Folder of the embedded PostgreSQL used when no database URL is configured. */
    private String dataDirectory = "data/engine-postgres";
    private final Datasource datasource = new Datasource();
    private final Grpc grpc = new Grpc();
    private final Processing processing = new Processing();
    private final Security security = new Security();
    private final Testing testing = new Testing();
    /**
     * Address the REST, management and gRPC listeners bind to (server.address and management.server.address
     * default to it). Loopback unless a deployment decides otherwise, e.g. 0.0.0.0 in a container.
     */
    private String bindAddress = DEFAULT_BIND_ADDRESS;
    /** The value of {@code engine.history-retention} that keeps ended instances in the history table for ever. */
    public static final String KEEP_HISTORY_FOREVER = "forever";

    /**
     * How long ended (completed or terminated) root process instances stay in the history table, by the engine
     * clock: an ISO-8601 duration, or {@value #KEEP_HISTORY_FOREVER}. On by default (P90D) because the table
     * otherwise grows without bound, and what an operator or the workflow service still asks the engine about
     * an ended instance (its end state, last variables, completed tasks) is asked within days; the workflow
     * service keeps its own case record and audit trail for the long term.
     */
    private String historyRetention = "P90D";

    public String getHistoryRetention() {
        return historyRetention;
    }

    public void setHistoryRetention(String historyRetention) {
        retention(historyRetention);
        this.historyRetention = historyRetention;
    }

    /** The retention, or empty when history is kept for ever. */
    public java.util.Optional<Duration> historyRetention() {
        return retention(historyRetention);
    }

    private static java.util.Optional<Duration> retention(String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("engine.history-retention: expected an ISO-8601 duration such as "
                    + "P90D, or '" + KEEP_HISTORY_FOREVER + "', but it was empty");
        }
        if (KEEP_HISTORY_FOREVER.equalsIgnoreCase(value.trim())) {
            return java.util.Optional.empty();
        }
        Duration duration;
        try {
            duration = Duration.parse(value.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw new IllegalArgumentException("engine.history-retention: expected an ISO-8601 duration such as "
                    + "P90D, or '" + KEEP_HISTORY_FOREVER + "', but was '" + value + "'");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("engine.history-retention: expected a positive duration, but was '"
                    + value + "'");
        }
        return java.util.Optional.of(duration);
    }

    public boolean isEmbedded() {
        return embedded;
    }

    public void setEmbedded(boolean embedded) {
        this.embedded = embedded;
    }

    public String getDataDirectory() {
        return dataDirectory;
    }

    public void setDataDirectory(String dataDirectory) {
        this.dataDirectory = dataDirectory;
    }

    public Datasource getDatasource() {
        return datasource;
    }

    public Grpc getGrpc() {
        return grpc;
    }

    public Processing getProcessing() {
        return processing;
    }

    public Security getSecurity() {
        return security;
    }

    public Testing getTesting() {
        return testing;
    }

    public String getBindAddress() {
        return bindAddress;
    }

    public void setBindAddress(String bindAddress) {
        this.bindAddress = bindAddress;
    }

    /**
     * Bearer tokens on REST, management and gRPC (docs/engine.md, "Security"). The engine copies these to the
     * shared {@code safeguarding.security.*} settings of the identity module; claim names and role mappings can be
     * given there directly.
     */
    public static class Security {
        /** Only the engine's own conformance suites switch this off (clients without credentials). */
        private boolean enabled = true;
        /** The OIDC issuer whose tokens are accepted; required while security is enabled. */
        private String issuerUri;
        /** Optional: the issuer's JWK set, when its discovery document should not be used. */
        private String jwkSetUri;
        /** Optional: accepted {@code aud} values; empty accepts any audience of the issuer. */
        private List<String> audiences = new ArrayList<>();

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getIssuerUri() {
            return issuerUri;
        }

        public void setIssuerUri(String issuerUri) {
            this.issuerUri = issuerUri;
        }

        public String getJwkSetUri() {
            return jwkSetUri;
        }

        public void setJwkSetUri(String jwkSetUri) {
            this.jwkSetUri = jwkSetUri;
        }

        public List<String> getAudiences() {
            return audiences;
        }

        public void setAudiences(List<String> audiences) {
            this.audiences = audiences == null ? new ArrayList<>() : audiences;
        }
    }

    /** Test and replay profiles only: the clock and purge actuator endpoints. */
    public static class Testing {
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    public static class Datasource {
        private String url;
        private String username;
        private String password;
        private int maximumPoolSize = 4;
        /**
         * How long the single writer waits for a connection before the batch is refused. Short, so that a lost
         * database turns into prompt 503s and a health check that answers DOWN rather than callers timing out
         * with no idea whether their command was applied (Hikari's own default is 30 s).
         */
        private java.time.Duration connectionTimeout = java.time.Duration.ofSeconds(3);

        public String getUrl() {
            return url;
        }

        public void setUrl(String url) {
            this.url = url;
        }

        public String getUsername() {
            return username;
        }

        public void setUsername(String username) {
            this.username = username;
        }

        public String getPassword() {
            return password;
        }

        public void setPassword(String password) {
            this.password = password;
        }

        public int getMaximumPoolSize() {
            return maximumPoolSize;
        }

        public void setMaximumPoolSize(int maximumPoolSize) {
            this.maximumPoolSize = maximumPoolSize;
        }

        public java.time.Duration getConnectionTimeout() {
            return connectionTimeout;
        }

        public void setConnectionTimeout(java.time.Duration connectionTimeout) {
            this.connectionTimeout = connectionTimeout;
        }
    }

    public static class Grpc {
        private int port = 26500;

        public int getPort() {
            return port;
        }

        public void setPort(int port) {
            this.port = port;
        }
    }

    public static class Processing {
        /** Most commands applied before one group commit. */
        private int maxBatchSize = 1000;
        /** How often due timers, job time-outs, back-offs and message TTLs are checked. */
        private Duration dueCheckInterval = Duration.ofMillis(100);
        /**
         * How long the commands of a batch whose commit answer was lost wait for recovery to learn from the store
         * whether it committed, before they are answered that the outcome is unknown.
         */
        private Duration inDoubtTimeout = Duration.ofSeconds(10);

        public Duration getInDoubtTimeout() {
            return inDoubtTimeout;
        }

        public void setInDoubtTimeout(Duration inDoubtTimeout) {
            this.inDoubtTimeout = inDoubtTimeout;
        }

        public int getMaxBatchSize() {
            return maxBatchSize;
        }

        public void setMaxBatchSize(int maxBatchSize) {
            this.maxBatchSize = maxBatchSize;
        }

        public Duration getDueCheckInterval() {
            return dueCheckInterval;
        }

        public void setDueCheckInterval(Duration dueCheckInterval) {
            this.dueCheckInterval = dueCheckInterval;
        }
    }
}
