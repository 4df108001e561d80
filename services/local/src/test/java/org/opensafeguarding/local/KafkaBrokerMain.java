package org.opensafeguarding.local;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * The local stack's Kafka node ({@link LocalKafka}) as a process of its own, for the fault campaign: its log folder
 * and ports are fixed by the arguments, so after {@code kill -9} it comes back with its topics, records and offsets.
 * Arguments: log folder, broker port, controller port.
 */
public final class KafkaBrokerMain {

    private KafkaBrokerMain() {
    }

    public static void main(String[] args) throws Exception {
        LocalKafka kafka = LocalKafka.start(Path.of(args[0]), Integer.parseInt(args[1]), Integer.parseInt(args[2]));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            kafka.close();
            stopped.countDown();
        }, "kafka-stop"));
        System.out.println("KAFKA READY " + kafka.bootstrapServers());
        stopped.await();
    }
}
