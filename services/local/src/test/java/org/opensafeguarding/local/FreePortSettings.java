package org.opensafeguarding.local;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/** The local stack's settings for a test: every listener on a free port, data in the test's own folder. */
final class FreePortSettings {

    private static final List<String> PORT_FLAGS = List.of("postgres-port", "kafka-port", "kafka-controller-port",
            "engine-rest-port", "engine-grpc-port", "engine-management-port", "workflow-port", "reporting-port",
            "workflow-management-port", "reporting-management-port", "identity-port", "web-port",
            "web-management-port", "mail-smtp-port", "mail-imap-port");

    private FreePortSettings() {
    }

    /** {@code extraFlags} are further command-line flags, e.g. {@code --clean} or {@code --mail}. */
    static LocalStackSettings in(Path data, String... extraFlags) throws IOException {
        return LocalStackSettings.from(args(data, extraFlags).toArray(String[]::new), Map.of());
    }

    /** The same as command-line arguments, for a stack started in a child JVM. */
    static List<String> args(Path data, String... extraFlags) throws IOException {
        List<Integer> ports = freePorts(PORT_FLAGS.size());
        List<String> args = new ArrayList<>(List.of("--data-dir=" + data));
        for (int i = 0; i < PORT_FLAGS.size(); i++) {
            args.add("--" + PORT_FLAGS.get(i) + "=" + ports.get(i));
        }
        args.addAll(Arrays.asList(extraFlags));
        return args;
    }

    /** All held open together, so no two are the same. */
    private static List<Integer> freePorts(int n) throws IOException {
        List<ServerSocket> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < n; i++) {
                sockets.add(new ServerSocket(0));
            }
            return sockets.stream().map(ServerSocket::getLocalPort).toList();
        } finally {
            for (ServerSocket s : sockets) {
                s.close();
            }
        }
    }
}
