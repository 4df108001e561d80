package org.opensafeguarding.engine;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an embedding application decides about an engine it starts in its own JVM. Port 0 means "any free
 * port"; the actual ports are on the {@link RunningEngine} handle.
 *
 * @param jdbcUrl         the engine's own PostgreSQL database; null starts an embedded PostgreSQL in {@code dataDirectory}
 * @param username        database user (ignored when jdbcUrl is null)
 * @param password        database password (ignored when jdbcUrl is null)
 * @param restPort        port of the v2 REST API
 * @param managementPort  port of /actuator (clock, purge, health)
 * @param grpcPort        port reported as the gRPC gateway address
 * @param dataDirectory   folder for the embedded PostgreSQL (only used when jdbcUrl is null)
 * @param extraProperties further {@code engine.*} (or Spring) properties, applied last
 */
public record EngineSettings(String jdbcUrl, String username, String password, int restPort, int managementPort,
                             int grpcPort, Path dataDirectory, Map<String, String> extraProperties) {

    public EngineSettings {
        extraProperties = Map.copyOf(extraProperties == null ? Map.of() : extraProperties);
        dataDirectory = dataDirectory == null ? Path.of("data", "engine-postgres") : dataDirectory;
        checkPort("restPort", restPort);
        checkPort("managementPort", managementPort);
        checkPort("grpcPort", grpcPort);
    }

    /** An engine on the given database, every port chosen freely: what tests and the local stack want. */
    public static EngineSettings forDatabase(String jdbcUrl, String username, String password) {
        Objects.requireNonNull(jdbcUrl, "jdbcUrl");
        return new EngineSettings(jdbcUrl, username, password, 0, 0, 0, null, Map.of());
    }

    /** An engine with the standalone defaults: ports 8080/9600/26500 and embedded PostgreSQL in the folder. */
    public static EngineSettings standaloneDefaults(Path dataDirectory) {
        return new EngineSettings(null, null, null, 8080, 9600, 26500, dataDirectory, Map.of());
    }

    public EngineSettings withPorts(int rest, int management, int grpc) {
        return new EngineSettings(jdbcUrl, username, password, rest, management, grpc, dataDirectory, extraProperties);
    }

    public EngineSettings withProperty(String name, String value) {
        Map<String, String> more = new LinkedHashMap<>(extraProperties);
        more.put(name, value);
        return new EngineSettings(jdbcUrl, username, password, restPort, managementPort, grpcPort, dataDirectory, more);
    }

    private static void checkPort(String field, int port) {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException(field + " must be between 0 and 65535, was " + port);
        }
    }
}
