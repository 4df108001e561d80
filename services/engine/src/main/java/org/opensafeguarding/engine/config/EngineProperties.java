package org.opensafeguarding.engine.config;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** The engine's own settings, all under {@code engine.*} so they never collide with a host application's. */
@ConfigurationProperties(prefix = "engine")
public class EngineProperties {

    /** True when started through EmbeddedEngine; then only engine.datasource.* is consulted. */
    private boolean embedded;
    /** Folder of the embedded PostgreSQL used when no database URL is configured. */
    private String dataDirectory = "data/engine-postgres";
    private final Datasource datasource = new Datasource();
    private final Grpc grpc = new Grpc();
    private final Processing processing = new Processing();
    /**
     * How long ended (completed or terminated) process instances stay queryable, by the engine clock; unset keeps
     * them forever. Memory and the engine_record table grow with history until this is set.
     */
    private Duration historyRetention;

    public Duration getHistoryRetention() {
        return historyRetention;
    }

    public void setHistoryRetention(Duration historyRetention) {
        this.historyRetention = historyRetention;
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

    public static class Datasource {
        private String url;
        private String username;
        private String password;
        private int maximumPoolSize = 4;

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
