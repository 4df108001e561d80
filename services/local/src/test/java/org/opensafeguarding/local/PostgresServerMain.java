package org.opensafeguarding.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's PostgreSQL ({@link LocalPostgres}: durable, taking over from a dead owner) started by a process
 * of its own, for the fault campaign. The server itself runs as PostgreSQL's own processes; this JVM only owns the
 * data folder's lock and creates the engine's and the workflow service's databases and the workflow's login role.
 * Arguments: data folder, port.
 */
public final class PostgresServerMain {

    private PostgresServerMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalPostgres postgres = LocalPostgres.start(Path.of(args[0]), Integer.parseInt(args[1]));
        postgres.database("engine");
        postgres.databaseAs("workflow", "workflow_service");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                postgres.close();
            } catch (Exception e) {
                System.err.println("stopping PostgreSQL: " + e);
            }
            stopped.countDown();
        }, "postgres-stop"));
        System.out.println("POSTGRES READY " + postgres.port());
        stopped.await();
    }
}
